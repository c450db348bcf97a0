/**
 * One tenant of the baseline: its namespace, its secrets in AWS Secrets Manager, its workloads'
 * identities, their network policies and their mesh policies, composed from one validated tenant
 * config, plus the Vault Agent annotations the stack's one `VaultAccess` made for its workloads.
 */
import * as pulumi from "@pulumi/pulumi";

import type { PlatformConfig, TenantConfig } from "../config";
import { MeshSecurity, meshPrincipal, TrustedPrincipals } from "./mesh-security";
import { NetworkPolicies, VaultServer } from "./network-policies";
import { SecretsManager } from "./secrets-manager";
import { TenantNamespace } from "./tenant-namespace";
import { vaultRoleName } from "./vault-access";
import { serviceAccountName, WorkloadIdentity } from "./workload-identity";

/** Arguments of a `Tenant`. */
export interface TenantArgs {
    /** The tenant, validated, defaults applied. */
    tenant: TenantConfig;
    /** The settings shared by every tenant: cluster CIDRs, platform namespaces, mesh, AWS. */
    platform: PlatformConfig;
    /**
     * The Vault Agent Injector annotations of each of the tenant's workloads, by workload name:
     * the tenant's entry of `VaultAccess.workloadAnnotations`.
     */
    vaultAnnotations: pulumi.Input<Record<string, Record<string, string>>>;
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
    /** Vault Agent Injector annotations of each workload's pods, by workload name. */
    vaultAnnotations: pulumi.Output<Record<string, Record<string, string>>>;
    /** The Vault role each workload logs in with, by workload name. */
    vaultRoles: pulumi.Output<Record<string, string>>;
    /** ARN of each of the tenant's Secrets Manager secrets, by secret name. */
    secretArns: pulumi.Output<Record<string, string>>;
    /** ARN of the KMS key the tenant's secrets are encrypted with. */
    kmsKeyArn: pulumi.Output<string>;
    /** ARN of the IAM role the tenant's service accounts assume (IRSA) to read its secrets. */
    irsaRoleArn: pulumi.Output<string>;
}

/** Where the tenant's workloads reach Vault: the external blocks when given, else in-cluster. */
function vaultServerOf(platform: PlatformConfig): VaultServer {
    return platform.vaultCidrs.length > 0
        ? { cidrs: platform.vaultCidrs, port: platform.vaultPort }
        : { namespace: platform.vaultNamespace, port: platform.vaultPort };
}

/** A tenant: namespace, secrets, workload identity, network policies and mesh security. */
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

        // Named by plain strings, not by the Namespace and ServiceAccount outputs: IAM and
        // Secrets Manager need not wait for Kubernetes.
        const secrets = new SecretsManager(
            name,
            {
                tenant: tenant.name,
                namespace: tenant.namespace,
                serviceAccountNames: workloads.map(serviceAccountName),
                oidcProviderArn: platform.eksOidcProviderArn,
                secrets: tenant.secrets,
                recoveryWindowDays: platform.secretRecoveryWindowDays,
                rotationDays: platform.secretRotationDays,
                keyAdministratorArns: platform.secretKeyAdministratorArns,
                protect: platform.protectStatefulResources,
            },
            { parent: this },
        );

        const identity = new WorkloadIdentity(
            name,
            {
                namespace,
                clusterNamePrefix: tenant.namespace,
                workloads: tenant.workloads,
                irsaRoleArn: secrets.irsaRoleArn,
            },
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
                vault: vaultServerOf(platform),
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

        const vaultAnnotations = pulumi.output(args.vaultAnnotations);
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
            vaultAnnotations,
            // The annotations are there once the roles are: the role names wait for them too.
            vaultRoles: vaultAnnotations.apply(() =>
                Object.fromEntries(workloads.map((w) => [w, vaultRoleName(tenant.name, w)])),
            ),
            secretArns: secrets.secretArns,
            kmsKeyArn: secrets.keyArn,
            irsaRoleArn: secrets.irsaRoleArn,
        };

        this.registerOutputs({ ...this.outputs });
    }
}
