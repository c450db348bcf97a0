/**
 * Where the baseline placed a workload: its tenant namespace, its service account and its Vault
 * annotations, read from the baseline stack's `tenants` output with a clear error for each key
 * that is missing or odd.
 */
import * as pulumi from "@pulumi/pulumi";

/** What this stack takes from its tenant's entry in the baseline's `tenants` output. */
export interface TenantPlacement {
    /** The tenant namespace. */
    namespace: string;
    /** The workload's service account. */
    serviceAccountName: string;
    /** The workload's Vault Agent Injector annotations, where the baseline gives them. */
    vaultAnnotations?: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
    return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

/**
 * The keys a tenant's service accounts may stand under, by workload: the agreed name first,
 * then the one the baseline exports today.
 */
const SERVICE_ACCOUNT_KEYS = ["serviceAccounts", "serviceAccountNames"];

/**
 * Finds the workload's placement in the baseline's `tenants` output, or says which key of which
 * stack is missing or odd. The output's shape is the baseline's: keyed by tenant name, each with
 * `namespace`, `serviceAccounts` (workload to name; `serviceAccountNames` is read too) and
 * optionally `vaultAnnotations` (workload to annotations).
 */
export function placementOf(
    tenants: unknown,
    where: { stack: string; tenant: string; workload: string },
): TenantPlacement {
    const key = (path: string) => `${where.stack}: output tenants${path}`;
    if (!isRecord(tenants)) {
        throw new pulumi.RunError(
            `${key("")} is ${JSON.stringify(tenants)}; expected a map keyed by tenant name`,
        );
    }
    const tenant = tenants[where.tenant];
    const tenantKey = `[${JSON.stringify(where.tenant)}]`;
    if (!isRecord(tenant)) {
        throw new pulumi.RunError(
            `${key(tenantKey)} is missing; the stack has the tenants ` +
                `${JSON.stringify(Object.keys(tenants))} (see the config key tenant)`,
        );
    }
    if (typeof tenant.namespace !== "string" || tenant.namespace === "") {
        throw new pulumi.RunError(
            `${key(`${tenantKey}.namespace`)} is ${JSON.stringify(tenant.namespace)}; ` +
                "expected the tenant namespace's name",
        );
    }
    const accountsKey = SERVICE_ACCOUNT_KEYS.find((k) => isRecord(tenant[k])) ?? "serviceAccounts";
    const accounts = isRecord(tenant[accountsKey]) ? tenant[accountsKey] : {};
    const serviceAccountName = accounts[where.workload];
    if (typeof serviceAccountName !== "string" || serviceAccountName === "") {
        throw new pulumi.RunError(
            `${key(`${tenantKey}.${accountsKey}[${JSON.stringify(where.workload)}]`)} is ` +
                `${JSON.stringify(serviceAccountName)}; expected the workload's service account ` +
                `(the tenant has ${JSON.stringify(Object.keys(accounts))}; see the config key workload)`,
        );
    }
    const annotations = isRecord(tenant.vaultAnnotations)
        ? tenant.vaultAnnotations[where.workload]
        : undefined;
    if (annotations !== undefined && !isStringMap(annotations)) {
        throw new pulumi.RunError(
            `${key(`${tenantKey}.vaultAnnotations[${JSON.stringify(where.workload)}]`)} is ` +
                `${JSON.stringify(annotations)}; expected a map of annotation strings`,
        );
    }
    return { namespace: tenant.namespace, serviceAccountName, vaultAnnotations: annotations };
}
