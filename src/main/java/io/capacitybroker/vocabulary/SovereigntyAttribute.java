package io.capacitybroker.vocabulary;

/** Sovereignty properties of a site that a tenant can require. */
public enum SovereigntyAttribute {
    NATIONAL_OPERATOR("national-operator"),
    DATA_RESIDENCY("data-residency"),
    AIR_GAPPED("air-gapped"),
    CONFIDENTIAL_COMPUTING("confidential-computing");

    private final String code;

    SovereigntyAttribute(String code) { this.code = code; }

    public String code() { return code; }

    public static SovereigntyAttribute fromCode(String code) {
        return Vocabulary.lookup(SovereigntyAttribute.class, code, SovereigntyAttribute::code);
    }
}
