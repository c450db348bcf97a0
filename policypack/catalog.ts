import type {
    PolicyPackConfig,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

/**
 * What every policy of this pack carries beside the CrossGuard fields: the checklist item it
 * enforces and, where one applies, the CIS Kubernetes Benchmark recommendation id.
 */
export interface ChecklistMetadata {
    /** The security-checklist item, in a few words ("containers run as non-root"). */
    checklist: string;
    /** CIS Kubernetes Benchmark id, such as "5.1.3"; absent where the benchmark has none. */
    cis?: string;
    /**
     * For a resource policy that looks at one type only, that type token. The CrossGuard server
     * then skips the policy for other resources without preparing their properties for it.
     */
    resourceType?: string;
}

/** A resource policy of this pack. */
export type BaselineResourcePolicy = ResourceValidationPolicy & ChecklistMetadata;

/** A stack policy of this pack. */
export type BaselineStackPolicy = StackValidationPolicy & ChecklistMetadata;

/** Any policy of this pack: each file under `policies/<area>/` default-exports one. */
export type BaselinePolicy = BaselineResourcePolicy | BaselineStackPolicy;

/** The CIS benchmark version the `cis` ids refer to. */
export const CIS_BENCHMARK_VERSION = "1.10";

/** The CrossGuard compliance-framework record for a CIS id, as the service displays it. */
export function cisFramework(cis: string | undefined) {
    if (!cis) {
        return undefined;
    }
    return {
        name: "CIS Kubernetes Benchmark",
        version: CIS_BENCHMARK_VERSION,
        reference: cis,
        specification: `CIS Kubernetes Benchmark v${CIS_BENCHMARK_VERSION} recommendation ${cis}`,
    };
}

export type { PolicyPackConfig };
