package io.capacitybroker.vocabulary;

/**
 * The shared catalogue of GPU models. Partners and tenants name a model by its {@link #code()};
 * anything else is rejected, so that two spellings of one GPU can never become two markets.
 */
public enum GpuModel {
    H100_SXM_80GB("H100-SXM-80GB", "NVIDIA H100 SXM 80GB", 80, "NVLink 4 / NVSwitch"),
    H100_PCIE_80GB("H100-PCIE-80GB", "NVIDIA H100 PCIe 80GB", 80, "PCIe Gen5, NVLink bridge"),
    H200_141GB("H200-141GB", "NVIDIA H200 141GB", 141, "NVLink 4 / NVSwitch"),
    B200_192GB("B200-192GB", "NVIDIA B200 192GB", 192, "NVLink 5 / NVSwitch"),
    GB200_192GB("GB200-192GB", "NVIDIA GB200 Grace Blackwell 192GB", 192, "NVLink 5, NVL72 rack"),
    MI300X_192GB("MI300X-192GB", "AMD Instinct MI300X 192GB", 192, "Infinity Fabric"),
    L40S_48GB("L40S-48GB", "NVIDIA L40S 48GB", 48, "PCIe Gen4"),
    A100_SXM_80GB("A100-SXM-80GB", "NVIDIA A100 SXM 80GB", 80, "NVLink 3 / NVSwitch");

    private final String code;
    private final String displayName;
    private final int memoryGb;
    private final String interconnect;

    GpuModel(String code, String displayName, int memoryGb, String interconnect) {
        this.code = code;
        this.displayName = displayName;
        this.memoryGb = memoryGb;
        this.interconnect = interconnect;
    }

    public String code() { return code; }
    public String displayName() { return displayName; }
    public int memoryGb() { return memoryGb; }
    public String interconnect() { return interconnect; }

    public static GpuModel fromCode(String code) {
        return Vocabulary.lookup(GpuModel.class, code, GpuModel::code);
    }
}
