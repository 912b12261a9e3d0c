package io.capacitybroker.vocabulary;

/** Certifications a site can hold and a tenant can require. */
public enum Certification {
    ISO_27001("ISO-27001"),
    ISO_27017("ISO-27017"),
    ISO_27018("ISO-27018"),
    SOC_2_TYPE_2("SOC2-TYPE2"),
    MTCS_SS584_L3("MTCS-SS584-L3"),
    C5("BSI-C5"),
    TISAX("TISAX"),
    PCI_DSS("PCI-DSS"),
    HIPAA("HIPAA"),
    ISMAP("ISMAP"),
    CSA_STAR("CSA-STAR");

    private final String code;

    Certification(String code) { this.code = code; }

    public String code() { return code; }

    public static Certification fromCode(String code) {
        return Vocabulary.lookup(Certification.class, code, Certification::code);
    }
}
