/**
 * Vault access for the tenants' workloads through Vault's Kubernetes auth method and the Vault
 * Agent Injector: one auth backend (declared here, or an existing one reused), per tenant a
 * policy that reads only that tenant's KV v2 secrets, per workload a role bound to exactly its
 * service account in its namespace with short-lived tokens, and per workload the pod annotations
 * that make the injected agent render each secret as a file under `/vault/secrets/` on the
 * agent's in-memory volume. The workloads have no shell: the application reads the files.
 */
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";

/** One workload of a tenant, as Vault sees it. */
export interface VaultWorkload {
    /** The workload's name (DNS-1123 label); the Vault role is `<tenant>-<workload>`. */
    name: string;
    /** The Kubernetes service account its pods run as; the role binds exactly this one. */
    serviceAccountName: string;
}

/** One tenant's Vault access. */
export interface VaultTenant {
    /** The tenant's name (DNS-1123 label); its secrets live at `<kvMount>/data/<tenant>/`. */
    name: string;
    /** The Kubernetes namespace its workloads run in; the roles bind exactly this one. */
    namespace: string;
    /** Its workloads; each gets a role and a set of annotations. */
    workloads: VaultWorkload[];
    /**
     * The names of its secrets (DNS-1123 labels, at most 41 characters so that the annotation
     * keys stay valid). Each is read from `<kvMount>/data/<tenant>/<name>` and rendered to
     * `/vault/secrets/<name>`.
     */
    secrets: string[];
}

/** What Vault access needs. */
export interface VaultAccessArgs {
    /** The tenants. */
    tenants: VaultTenant[];
    /** Where the Kubernetes auth method is mounted (`auth/<path>`). Default `"kubernetes"`. */
    authMountPath?: string;
    /**
     * Declare the auth backend and its config here. Default true; false reuses a backend that
     * already exists at `authMountPath` and declares neither.
     */
    createAuthBackend?: boolean;
    /** The Kubernetes API server URL Vault validates tokens against. Required when creating. */
    kubernetesHost?: string;
    /** The API server's CA certificate (PEM). Default none: Vault's own CA bundle is used. */
    kubernetesCaCert?: string;
    /** The KV version 2 mount that holds the tenants' secrets. Default `"secret"`. */
    kvMount?: string;
    /** The key inside each KV entry that holds the value. Default `"value"`. */
    kvValueKey?: string;
    /** The TTL of a token a role issues, in seconds. Default 900. */
    tokenTtlSeconds?: number;
    /** The longest a token can be renewed to, in seconds. Default 3600. */
    tokenMaxTtlSeconds?: number;
    /**
     * The audience the roles require in the service account token. Default `"vault"`: a token
     * minted for the API server is refused, only the projected one below is accepted.
     */
    audience?: string;
    /**
     * The user id the injected agent runs as: the workload's own, so the rendered files can be
     * readable by their owner only. Default 65532.
     */
    agentRunAsUser?: number;
    /** The group id the injected agent runs as. Default 65532. */
    agentRunAsGroup?: number;
    /**
     * The name of the pod volume that carries the agent's service account token. Default
     * `"vault-token"`.
     */
    tokenVolumeName?: string;
    /**
     * Vault's port, kept out of the mesh sidecar's traffic capture; undefined keeps it in.
     * Default 8200.
     */
    meshExcludedVaultPort?: number | undefined;
}

/** The defaults of the optional arguments. */
export const VAULT_ACCESS_DEFAULTS = {
    authMountPath: "kubernetes",
    createAuthBackend: true,
    kvMount: "secret",
    kvValueKey: "value",
    tokenTtlSeconds: 900,
    tokenMaxTtlSeconds: 3600,
    audience: "vault",
    agentRunAsUser: 65532,
    agentRunAsGroup: 65532,
    tokenVolumeName: "vault-token",
    meshExcludedVaultPort: 8200,
} as const;

/** A mistake in the arguments, naming the argument, what was found and what is expected. */
export class VaultAccessError extends Error {
    constructor(argument: string, found: unknown, expected: string) {
        super(`VaultAccess ${argument} is ${JSON.stringify(found)}; expected ${expected}`);
        this.name = "VaultAccessError";
    }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const MOUNT_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** The annotation key prefix of the Vault Agent Injector. */
const V = "vault.hashicorp.com";

/** The Vault role name of a workload. */
export function vaultRoleName(tenant: string, workload: string): string {
    return `${tenant}-${workload}`;
}

/** The Vault policy name of a tenant. */
export function vaultPolicyName(tenant: string): string {
    return `tenant-${tenant}-secrets`;
}

/** The KV v2 API path of one secret. */
export function kvSecretPath(kvMount: string, tenant: string, secret: string): string {
    return `${kvMount}/data/${tenant}/${secret}`;
}

/**
 * The tenant's policy: read on its own KV v2 data paths and nothing else. No `metadata/` grant:
 * the agent reads values through `data/` and never lists, so the tenant cannot enumerate secret
 * names or versions either. No `sudo`, no wildcard above the tenant's own prefix.
 */
export function tenantPolicyText(kvMount: string, tenant: string): string {
    return [
        `# Tenant ${tenant}: read its own secrets in the KV v2 mount "${kvMount}".`,
        `path "${kvMount}/data/${tenant}/*" {`,
        `  capabilities = ["read"]`,
        `}`,
        ``,
    ].join("\n");
}

// LIMITATION: the KV entries themselves are written outside this program, since no secret value
// may pass through Pulumi; nothing here writes or rotates them, and the AWS Secrets Manager
// secrets of the same tenant are a separate store that is not copied into Vault.

/** The projected service account token volume the agent authenticates with. */
export function vaultTokenVolume(name: string, audience: string) {
    return {
        name,
        projected: {
            sources: [
                {
                    serviceAccountToken: { audience, expirationSeconds: 600, path: "token" },
                },
            ],
        },
    };
}

/** Settings the annotations depend on. */
export interface AgentSettings {
    authMountPath: string;
    kvMount: string;
    kvValueKey: string;
    agentRunAsUser: number;
    agentRunAsGroup: number;
    tokenVolumeName: string;
    meshExcludedVaultPort?: number;
}

/**
 * The pod annotations for one workload. Choices:
 *
 * - `agent-pre-populate: "true"` (an init container renders the files before the application
 *   starts: the application reads them once at start and has no shell to wait with) and
 *   `agent-pre-populate-only: "false"` (a sidecar keeps renewing the token and re-renders a
 *   file when its secret changes).
 * - `agent-set-security-context: "true"` with a non-root user and group: the injector then gives
 *   its containers runAsNonRoot, a read-only root filesystem, no privilege escalation and all
 *   capabilities dropped, as the restricted Pod Security Standard requires; the pod-level
 *   `seccompProfile: RuntimeDefault` of the workload covers them too.
 * - `agent-inject-perms-<name>: "0400"`: the agent runs as the workload's user, so only it reads.
 * - the template renders just the value, with no trailing newline.
 */
export function vaultAgentAnnotations(
    tenant: string,
    workload: string,
    secrets: string[],
    settings: AgentSettings,
): Record<string, string> {
    const annotations: Record<string, string> = {
        [`${V}/agent-inject`]: "true",
        [`${V}/role`]: vaultRoleName(tenant, workload),
        [`${V}/auth-path`]: `auth/${settings.authMountPath}`,
        [`${V}/agent-pre-populate`]: "true",
        [`${V}/agent-pre-populate-only`]: "false",
        [`${V}/agent-set-security-context`]: "true",
        [`${V}/agent-run-as-user`]: String(settings.agentRunAsUser),
        [`${V}/agent-run-as-group`]: String(settings.agentRunAsGroup),
        [`${V}/agent-revoke-on-shutdown`]: "true",
        // The workload's service account token is not automounted: the agent gets its own
        // projected token, with the audience the role requires.
        [`${V}/agent-service-account-token-volume-name`]: settings.tokenVolumeName,
    };
    if (settings.meshExcludedVaultPort !== undefined) {
        // TRAP: Istio's iptables capture starts before the sidecar proxy runs, so the agent's
        // init container could not reach Vault through it; Vault's own TLS protects this port.
        annotations["traffic.sidecar.istio.io/excludeOutboundPorts"] = String(
            settings.meshExcludedVaultPort,
        );
    }
    for (const secret of secrets) {
        const path = kvSecretPath(settings.kvMount, tenant, secret);
        annotations[`${V}/agent-inject-secret-${secret}`] = path;
        annotations[`${V}/agent-inject-template-${secret}`] =
            `{{- with secret "${path}" -}}{{ .Data.data.${settings.kvValueKey} }}{{- end -}}`;
        annotations[`${V}/agent-inject-perms-${secret}`] = "0400";
    }
    return annotations;
}

/** The arguments with their defaults applied. */
interface ResolvedSettings extends AgentSettings {
    createAuthBackend: boolean;
    tokenTtlSeconds: number;
    tokenMaxTtlSeconds: number;
    audience: string;
}

/** Applies the defaults and checks every argument before anything is declared. */
function resolveSettings(args: VaultAccessArgs): ResolvedSettings {
    const d = VAULT_ACCESS_DEFAULTS;
    const settings: ResolvedSettings = {
        authMountPath: args.authMountPath ?? d.authMountPath,
        createAuthBackend: args.createAuthBackend ?? d.createAuthBackend,
        kvMount: args.kvMount ?? d.kvMount,
        kvValueKey: args.kvValueKey ?? d.kvValueKey,
        tokenTtlSeconds: args.tokenTtlSeconds ?? d.tokenTtlSeconds,
        tokenMaxTtlSeconds: args.tokenMaxTtlSeconds ?? d.tokenMaxTtlSeconds,
        audience: args.audience ?? d.audience,
        agentRunAsUser: args.agentRunAsUser ?? d.agentRunAsUser,
        agentRunAsGroup: args.agentRunAsGroup ?? d.agentRunAsGroup,
        tokenVolumeName: args.tokenVolumeName ?? d.tokenVolumeName,
        meshExcludedVaultPort:
            "meshExcludedVaultPort" in args ? args.meshExcludedVaultPort : d.meshExcludedVaultPort,
    };
    if (!MOUNT_PATH.test(settings.authMountPath)) {
        throw new VaultAccessError(
            "authMountPath",
            settings.authMountPath,
            "a mount path such as kubernetes",
        );
    }
    if (!MOUNT_PATH.test(settings.kvMount)) {
        throw new VaultAccessError("kvMount", settings.kvMount, "a mount path such as secret");
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(settings.kvValueKey)) {
        throw new VaultAccessError(
            "kvValueKey",
            settings.kvValueKey,
            "a template identifier such as value",
        );
    }
    const ttl = settings.tokenTtlSeconds;
    const maxTtl = settings.tokenMaxTtlSeconds;
    if (!Number.isInteger(ttl) || ttl <= 0) {
        throw new VaultAccessError("tokenTtlSeconds", ttl, "a positive whole number of seconds");
    }
    if (!Number.isInteger(maxTtl) || maxTtl < ttl) {
        throw new VaultAccessError(
            "tokenMaxTtlSeconds",
            maxTtl,
            `a whole number of seconds, at least tokenTtlSeconds (${ttl})`,
        );
    }
    for (const key of ["agentRunAsUser", "agentRunAsGroup"] as const) {
        if (!Number.isInteger(settings[key]) || settings[key] <= 0) {
            throw new VaultAccessError(key, settings[key], "a non-root (non-zero) id");
        }
    }
    const port = settings.meshExcludedVaultPort;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        throw new VaultAccessError("meshExcludedVaultPort", port, "a port from 1 to 65535");
    }
    if (settings.createAuthBackend && !args.kubernetesHost) {
        throw new VaultAccessError(
            "kubernetesHost",
            args.kubernetesHost,
            "the API server URL when createAuthBackend is true",
        );
    }
    args.tenants.forEach((tenant, t) => checkTenant(tenant, `tenants[${t}]`));
    return settings;
}

function checkTenant(tenant: VaultTenant, at: string): void {
    if (!DNS_LABEL.test(tenant.name)) {
        throw new VaultAccessError(`${at}.name`, tenant.name, "a DNS-1123 label");
    }
    if (!DNS_LABEL.test(tenant.namespace)) {
        throw new VaultAccessError(
            `${at}.namespace`,
            tenant.namespace,
            "a DNS-1123 label, never a wildcard",
        );
    }
    tenant.workloads.forEach((workload, w) => {
        if (!DNS_LABEL.test(workload.name)) {
            throw new VaultAccessError(
                `${at}.workloads[${w}].name`,
                workload.name,
                "a DNS-1123 label",
            );
        }
        if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(workload.serviceAccountName)) {
            throw new VaultAccessError(
                `${at}.workloads[${w}].serviceAccountName`,
                workload.serviceAccountName,
                "a service account name, never a wildcard",
            );
        }
    });
    tenant.secrets.forEach((secret, s) => {
        if (!DNS_LABEL.test(secret) || secret.length > 41) {
            throw new VaultAccessError(
                `${at}.secrets[${s}]`,
                secret,
                "a DNS-1123 label of at most 41 characters",
            );
        }
    });
}

/** The Vault side of the tenants' secrets. */
export class VaultAccess extends pulumi.ComponentResource {
    /** Per tenant, per workload: the pod annotations for the Vault Agent Injector. */
    readonly workloadAnnotations: pulumi.Output<
        Record<string, Record<string, Record<string, string>>>
    >;
    /** The projected token volume every annotated pod must carry (named in the annotations). */
    readonly tokenVolume: ReturnType<typeof vaultTokenVolume>;
    /** The auth mount path the roles live under. */
    readonly authMountPath: pulumi.Output<string>;
    /** Per tenant, the Vault policy name. */
    readonly policyNames: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: VaultAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = resolveSettings(args);
        super("ohlcv:security:VaultAccess", name, {}, opts);

        let backendPath: pulumi.Input<string> = settings.authMountPath;
        if (settings.createAuthBackend) {
            const backend = new vault.AuthBackend(
                `${name}-kubernetes`,
                {
                    type: "kubernetes",
                    path: settings.authMountPath,
                    description: "Kubernetes service accounts of the baseline's tenants",
                    tune: {
                        defaultLeaseTtl: `${settings.tokenTtlSeconds}s`,
                        maxLeaseTtl: `${settings.tokenMaxTtlSeconds}s`,
                    },
                },
                { parent: this },
            );
            const config = new vault.kubernetes.AuthBackendConfig(
                `${name}-kubernetes-config`,
                {
                    backend: backend.path,
                    kubernetesHost: args.kubernetesHost as string,
                    kubernetesCaCert: args.kubernetesCaCert,
                },
                { parent: this },
            );
            backendPath = config.backend.apply((b) => b ?? settings.authMountPath);
        }

        const roleNames: pulumi.Output<string>[] = [];
        const policyNames: Record<string, pulumi.Output<string>> = {};
        const annotations: Record<string, Record<string, Record<string, string>>> = {};
        for (const tenant of args.tenants) {
            const policy = new vault.Policy(
                `${name}-${tenant.name}`,
                {
                    name: vaultPolicyName(tenant.name),
                    policy: tenantPolicyText(settings.kvMount, tenant.name),
                },
                { parent: this },
            );
            policyNames[tenant.name] = policy.name;
            annotations[tenant.name] = {};
            for (const workload of tenant.workloads) {
                const role = new vault.kubernetes.AuthBackendRole(
                    `${name}-${tenant.name}-${workload.name}`,
                    {
                        backend: backendPath,
                        roleName: vaultRoleName(tenant.name, workload.name),
                        boundServiceAccountNames: [workload.serviceAccountName],
                        boundServiceAccountNamespaces: [tenant.namespace],
                        audience: settings.audience,
                        tokenTtl: settings.tokenTtlSeconds,
                        tokenMaxTtl: settings.tokenMaxTtlSeconds,
                        tokenPolicies: [policy.name],
                    },
                    { parent: this },
                );
                roleNames.push(role.roleName);
                annotations[tenant.name][workload.name] = vaultAgentAnnotations(
                    tenant.name,
                    workload.name,
                    tenant.secrets,
                    settings,
                );
            }
        }

        // The annotations wait for the roles, so no pod asks Vault for a role not yet there.
        this.workloadAnnotations = pulumi.all(roleNames).apply(() => annotations);
        this.tokenVolume = vaultTokenVolume(settings.tokenVolumeName, settings.audience);
        this.authMountPath = pulumi.output(backendPath);
        this.policyNames = pulumi.all(policyNames);
        this.registerOutputs({
            workloadAnnotations: this.workloadAnnotations,
            tokenVolume: this.tokenVolume,
            authMountPath: this.authMountPath,
            policyNames: this.policyNames,
        });
    }
}
