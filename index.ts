/**
 * The security baseline program: validates the stack's config, declares the stack's Vault access
 * and Falco runtime detection, builds every tenant, and exports what app teams' stacks read about
 * their tenant.
 */
import * as pulumi from "@pulumi/pulumi";

import { RuntimeDetection } from "./components/runtime-detection";
import { Tenant, TenantOutputs } from "./components/tenant";
import { VaultAccess } from "./components/vault-access";
import { serviceAccountName } from "./components/workload-identity";
import { BaselineConfig, ConfigError, parseBaselineConfig } from "./config";

/** Reads and validates the stack config; a bad config ends the run with its problems only. */
function readBaselineConfig(): BaselineConfig {
    try {
        return parseBaselineConfig(pulumi.runtime.allConfig());
    } catch (error) {
        if (error instanceof ConfigError) {
            // A RunError is reported by the CLI without a stack trace.
            throw new pulumi.RunError(error.message);
        }
        throw error;
    }
}

const config = readBaselineConfig();
const { tenants: tenantConfigs, ...platform } = config;

// One auth backend for every tenant; its roles bind service accounts by name, so it waits for
// no Kubernetes object.
const vaultAccess = new VaultAccess("vault-access", {
    tenants: tenantConfigs.map((tenant) => ({
        name: tenant.name,
        namespace: tenant.namespace,
        workloads: tenant.workloads.map((w) => ({
            name: w.name,
            serviceAccountName: serviceAccountName(w.name),
        })),
        secrets: tenant.secrets.map((s) => s.name),
    })),
    authMountPath: platform.vaultAuthMountPath,
    createAuthBackend: platform.vaultCreateAuthBackend,
    kubernetesHost: platform.vaultKubernetesHost,
    kvMount: platform.vaultKvMount,
    tokenTtlSeconds: platform.vaultTokenTtlSeconds,
    tokenMaxTtlSeconds: platform.vaultTokenMaxTtlSeconds,
    audience: platform.vaultAudience,
    meshExcludedVaultPort: platform.vaultPort,
});

// Falco's custom rules leave alone connections inside the cluster and to Vault: the outbound
// macro skips RFC 1918 addresses only, not IPv6 or carrier-grade NAT pod ranges.
const runtimeDetection = new RuntimeDetection(
    "runtime-detection",
    {
        namespace: platform.falcoNamespace,
        monitoredNamespaces: tenantConfigs.map((tenant) => tenant.namespace),
        allowedImages: platform.falcoAllowedImages,
        allowedOutboundCidrs: [
            ...new Set([
                ...platform.clusterPodCidrs,
                ...platform.clusterServiceCidrs,
                ...platform.vaultCidrs,
                ...platform.falcoAllowedOutboundCidrs,
            ]),
        ],
        debugImages: platform.falcoDebugImages,
    },
    { protect: platform.protectStatefulResources },
);

/**
 * Per tenant, by tenant name: namespace, service accounts, trusted and workload principals,
 * Vault annotations and roles, and the ARNs of its secrets, their KMS key and its IRSA role.
 */
export const tenants: Record<string, TenantOutputs> = Object.fromEntries(
    tenantConfigs.map((tenant) => [
        tenant.name,
        new Tenant(tenant.name, {
            tenant,
            platform,
            vaultAnnotations: vaultAccess.workloadAnnotations.apply((all) => all[tenant.name]),
        }).outputs,
    ]),
);

/** The namespace Falco runs in. */
export const falcoNamespace = runtimeDetection.namespace;

/**
 * The projected service account token volume every pod with the Vault annotations must carry:
 * the annotations name it, and its audience is the one the Vault roles require.
 */
export const vaultTokenVolume = vaultAccess.tokenVolume;
