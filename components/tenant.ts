/**
 * One tenant of the baseline: its namespace, its workloads' identities, their network policies
 * and their mesh policies, composed from one validated tenant config.
 */
import * as pulumi from "@pulumi/pulumi";

import type { PlatformConfig, TenantConfig } from "../config";
import { MeshSecurity, meshPrincipal, TrustedPrincipals } from "./mesh-security";
import { NetworkPolicies } from "./network-policies";
import { TenantNamespace } from "./tenant-namespace";
import { WorkloadIdentity } from "./workload-identity";

/** Arguments of a `Tenant`. */
export interface TenantArgs {
    /** The tenant, validated, defaults applied. */
    tenant: TenantConfig;
    /** The settings shared by every tenant: cluster CIDRs, platform namespaces, mesh. */
    platform: PlatformConfig;
}

/** What an app team's stack reads about its tenant (through a StackReference). */
export interface TenantOutputs {
    /** The tenant's namespace. */
    namespace: pulumi.Output<string>;
    /** ServiceAccount name of each workload, by workload name. */
    serviceAccountNames: pulumi.Output<Record<string, string>>;
    /** The principals the tenant's mesh policies admit. */
    trustedPrincipals: TrustedPrincipals;
    /** Mesh principal of each workload, by workload name, for the policies of its callees. */
    workloadPrincipals: pulumi.Output<Record<string, string>>;
}

/** A tenant: namespace, workload identity, network policies and mesh security. */
export class Tenant extends pulumi.ComponentResource {
    /** The tenant's stack outputs. */
    readonly outputs: TenantOutputs;

    constructor(name: string, args: TenantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ohlcv:security:Tenant", name, {}, opts);
        const { tenant, platform } = args;
        const workloads = tenant.workloads.map((w) => w.name);

        const tenantNamespace = new TenantNamespace(
            name,
            {
                name: tenant.namespace,
                podSecurityVersion: platform.podSecurityVersion,
                quota: tenant.quota,
                limits: tenant.limits,
                protect: platform.protectStatefulResources,
            },
            { parent: this },
        );
        const namespace = tenantNamespace.namespaceName;

        const identity = new WorkloadIdentity(
            name,
            { namespace, clusterNamePrefix: tenant.namespace, workloads: tenant.workloads },
            { parent: this },
        );

        new NetworkPolicies(
            name,
            {
                namespace,
                workloads,
                appPort: tenant.appPort,
                metricsPort: tenant.metricsPort,
                ingressNamespace: platform.ingressNamespace,
                monitoringNamespace: platform.monitoringNamespace,
                dnsNamespace: platform.dnsNamespace,
                meshControlPlaneNamespace: platform.meshControlPlaneNamespace,
                dependencies: tenant.dependencies.map((d) => ({
                    ...d,
                    namespace: d.namespace === tenant.namespace ? undefined : d.namespace,
                })),
                podCidrs: platform.clusterPodCidrs,
                serviceCidrs: platform.clusterServiceCidrs,
                privateCidrs: platform.privateCidrs,
            },
            { parent: this },
        );

        const mesh = new MeshSecurity(
            name,
            {
                namespace,
                workloads,
                trustDomain: platform.meshTrustDomain,
                appPort: tenant.appPort,
                metricsPort: tenant.metricsPort,
                api: tenant.api,
                ingressController: {
                    namespace: platform.ingressNamespace,
                    serviceAccount: platform.ingressServiceAccount,
                },
                prometheus: {
                    namespace: platform.monitoringNamespace,
                    serviceAccount: platform.prometheusServiceAccount,
                },
            },
            { parent: this },
        );

        this.outputs = {
            namespace,
            serviceAccountNames: identity.serviceAccountNames,
            trustedPrincipals: mesh.trustedPrincipals,
            workloadPrincipals: pulumi
                .all([namespace, identity.serviceAccountNames])
                .apply(([ns, accounts]) =>
                    Object.fromEntries(
                        Object.entries(accounts).map(([workload, account]) => [
                            workload,
                            meshPrincipal(platform.meshTrustDomain, ns, account),
                        ]),
                    ),
                ),
        };

        this.registerOutputs({ ...this.outputs });
    }
}
