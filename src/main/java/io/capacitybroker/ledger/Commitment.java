package io.capacitybroker.ledger;

/** How capacity is taken: held while a site decides, booked once it is firm. */
public enum Commitment {
    HOLD("held"), BOOK("booked");

    private final String column;

    Commitment(String column) { this.column = column; }

    /** The ledger column this commitment counts in; a constant, never user input. */
    String column() { return column; }
}
