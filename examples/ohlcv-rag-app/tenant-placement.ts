/**
 * Where the baseline placed a workload: its tenant namespace, its service account, its Vault
 * annotations and the token volume the Vault agent logs in with, read from the baseline stack's
 * `tenants` and `vaultTokenVolume` outputs with a clear error for each key that is missing or odd.
 */
import * as pulumi from "@pulumi/pulumi";

/** The projected service account token volume the baseline's Vault roles accept. */
export interface VaultTokenVolume {
    name: string;
    projected: {
        sources: {
            serviceAccountToken: { audience: string; expirationSeconds: number; path: string };
        }[];
    };
}

/** What this stack takes from the baseline's outputs for its workload. */
export interface TenantPlacement {
    /** The tenant namespace. */
    namespace: string;
    /** The workload's service account. */
    serviceAccountName: string;
    /** The workload's Vault Agent Injector annotations. */
    vaultAnnotations: Record<string, string>;
    /** The token volume the annotations name, with the audience the Vault role requires. */
    vaultTokenVolume: VaultTokenVolume;
}

/** The baseline's outputs this stack reads. */
export interface BaselineOutputs {
    tenants: unknown;
    vaultTokenVolume: unknown;
}

const TOKEN_VOLUME_ANNOTATION = "vault.hashicorp.com/agent-service-account-token-volume-name";
const AGENT_USER_ANNOTATION = "vault.hashicorp.com/agent-run-as-user";

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringMap(value: unknown): value is Record<string, string> {
    return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

function isVaultTokenVolume(value: unknown): value is VaultTokenVolume {
    if (!isRecord(value) || typeof value.name !== "string" || !isRecord(value.projected)) {
        return false;
    }
    const sources = value.projected.sources;
    return (
        Array.isArray(sources) &&
        sources.length > 0 &&
        sources.every((source) => {
            const token = isRecord(source) ? source.serviceAccountToken : undefined;
            return (
                isRecord(token) &&
                typeof token.audience === "string" &&
                typeof token.expirationSeconds === "number" &&
                typeof token.path === "string"
            );
        })
    );
}

/**
 * Finds the workload's placement in the baseline's outputs, or says which key of which stack is
 * missing or odd. `tenants` is keyed by tenant name, each with `namespace`,
 * `serviceAccountNames` (workload to name) and `vaultAnnotations` (workload to annotations);
 * `vaultTokenVolume` is the volume those annotations name. `runAsUser` is the user the workload
 * runs as: the Vault agent must run as the same one, or the files it renders (mode 0400) cannot
 * be read.
 */
export function placementOf(
    outputs: BaselineOutputs,
    where: { stack: string; tenant: string; workload: string; runAsUser: number },
): TenantPlacement {
    const key = (path: string) => `${where.stack}: output tenants${path}`;
    const { tenants } = outputs;
    if (!isRecord(tenants)) {
        throw new pulumi.RunError(
            `${key("")} is ${JSON.stringify(tenants)}; expected a map keyed by tenant name`,
        );
    }
    const tenant = tenants[where.tenant];
    const tenantKey = `[${JSON.stringify(where.tenant)}]`;
    const workloadKey = `[${JSON.stringify(where.workload)}]`;
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
    const accounts = isRecord(tenant.serviceAccountNames) ? tenant.serviceAccountNames : {};
    const serviceAccountName = accounts[where.workload];
    if (typeof serviceAccountName !== "string" || serviceAccountName === "") {
        throw new pulumi.RunError(
            `${key(`${tenantKey}.serviceAccountNames${workloadKey}`)} is ` +
                `${JSON.stringify(serviceAccountName)}; expected the workload's service account ` +
                `(the tenant has ${JSON.stringify(Object.keys(accounts))}; see the config key workload)`,
        );
    }

    const annotationsKey = key(`${tenantKey}.vaultAnnotations${workloadKey}`);
    const annotations = isRecord(tenant.vaultAnnotations)
        ? tenant.vaultAnnotations[where.workload]
        : undefined;
    if (!isStringMap(annotations)) {
        throw new pulumi.RunError(
            `${annotationsKey} is ${JSON.stringify(annotations)}; expected the workload's ` +
                "Vault Agent Injector annotations, a map of strings",
        );
    }
    const agentUser = annotations[AGENT_USER_ANNOTATION];
    if (agentUser !== undefined && agentUser !== String(where.runAsUser)) {
        throw new pulumi.RunError(
            `${annotationsKey}["${AGENT_USER_ANNOTATION}"] is ${JSON.stringify(agentUser)}; ` +
                `expected "${where.runAsUser}", the user the workload runs as, so that it can ` +
                "read the files the agent renders for it alone",
        );
    }

    const volume = outputs.vaultTokenVolume;
    const volumeKey = `${where.stack}: output vaultTokenVolume`;
    if (!isVaultTokenVolume(volume)) {
        throw new pulumi.RunError(
            `${volumeKey} is ${JSON.stringify(volume)}; expected a projected service account ` +
                "token volume {name, projected: {sources: [{serviceAccountToken: {audience}}]}}",
        );
    }
    if (annotations[TOKEN_VOLUME_ANNOTATION] !== volume.name) {
        throw new pulumi.RunError(
            `${annotationsKey}["${TOKEN_VOLUME_ANNOTATION}"] is ` +
                `${JSON.stringify(annotations[TOKEN_VOLUME_ANNOTATION])}; expected ` +
                `${JSON.stringify(volume.name)}, the name of ${volumeKey}`,
        );
    }

    return {
        namespace: tenant.namespace,
        serviceAccountName,
        vaultAnnotations: annotations,
        vaultTokenVolume: volume,
    };
}
