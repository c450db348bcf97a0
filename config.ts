/**
 * The stack configuration of the security baseline: every key, its type as Pulumi.yaml declares
 * it, its default, and the validation that turns the raw config map a Pulumi program is handed
 * (`{ "security-baseline:<key>": "<string>" }`) into a typed `BaselineConfig`, or into one
 * `ConfigError` listing every problem, before any resource is declared.
 *
 * Adding a key is adding an entry to `CONFIG_KEYS` (and its declaration to Pulumi.yaml); adding a
 * field to every tenant is adding it to `tenantSchema`.
 */
import { isIP } from "net";
import { z } from "zod";

import { SECRET_KINDS } from "./rotation/secret-kinds";

/** The namespace of this project's config keys: the project name in Pulumi.yaml. */
export const CONFIG_NAMESPACE = "security-baseline";

/** One problem found in the stack configuration. */
export interface ConfigProblem {
    /** The full key path, e.g. `security-baseline:tenants[0].namespace`. */
    key: string;
    /** What was found there, as the user wrote it. */
    found: string;
    /** What is expected instead. */
    expected: string;
}

/** The stack configuration is invalid; `problems` lists every problem found, not just the first. */
export class ConfigError extends Error {
    readonly problems: readonly ConfigProblem[];

    constructor(problems: readonly ConfigProblem[]) {
        const heading =
            problems.length === 1
                ? "The stack configuration has a problem:"
                : `The stack configuration has ${problems.length} problems:`;
        const lines = problems.map((p) => `  ${p.key}: found ${p.found}; expected ${p.expected}`);
        super([heading, ...lines].join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }
}

// ---- Checks ----

/**
 * A schema of `base`'s type that also passes `problem`, which returns what is expected when the
 * value is not acceptable. One check, one message: no stacked refinements that repeat each other.
 */
function checked<T>(base: z.ZodType<T>, problem: (value: T) => string | undefined) {
    return base.superRefine((value, ctx) => {
        const expected = problem(value);
        if (expected !== undefined) {
            ctx.addIssue({ code: "custom", message: expected, input: value });
        }
    });
}

// ---- Names ----

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const EXPECTED_DNS_LABEL =
    "a DNS-1123 label (at most 63 lower-case letters, digits or '-', " +
    "starting and ending with a letter or digit)";
const EXPECTED_DNS_SUBDOMAIN =
    "a DNS-1123 subdomain (at most 253 characters: DNS-1123 labels joined by '.')";
const EXPECTED_LABEL_NAME =
    "a label name: an optional DNS subdomain and '/', then at most 63 letters, digits, " +
    "'-', '_' or '.', starting and ending with a letter or digit";
const EXPECTED_LABEL_VALUE =
    "a label value: at most 63 letters, digits, '-', '_' or '.', " +
    "starting and ending with a letter or digit";

function isDnsLabel(value: string): boolean {
    return value.length <= 63 && DNS1123_LABEL.test(value);
}

function isDnsSubdomain(value: string): boolean {
    return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

function isLabelName(key: string): boolean {
    const slash = key.lastIndexOf("/");
    const name = key.slice(slash + 1);
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    return (
        name.length <= 63 &&
        LABEL_NAME.test(name) &&
        (prefix === undefined || isDnsSubdomain(prefix))
    );
}

function isLabelValue(value: string): boolean {
    return value === "" || (value.length <= 63 && LABEL_NAME.test(value));
}

const dnsLabel = (what: string) => {
    const expected = `${what} that is ${EXPECTED_DNS_LABEL}`;
    return checked(z.string({ error: expected }), (v) => (isDnsLabel(v) ? undefined : expected));
};

const dnsSubdomain = (what: string) => {
    const expected = `${what} that is ${EXPECTED_DNS_SUBDOMAIN}`;
    return checked(z.string({ error: expected }), (v) =>
        isDnsSubdomain(v) ? undefined : expected,
    );
};

const podLabels = checked(
    z.record(
        checked(z.string({ error: EXPECTED_LABEL_NAME }), (k) =>
            isLabelName(k) ? undefined : EXPECTED_LABEL_NAME,
        ),
        checked(z.string({ error: EXPECTED_LABEL_VALUE }), (v) =>
            isLabelValue(v) ? undefined : EXPECTED_LABEL_VALUE,
        ),
        { error: "a map of pod label names to values, such as {app.kubernetes.io/name: chromadb}" },
    ),
    (labels) =>
        Object.keys(labels).length > 0
            ? undefined
            : "at least one label: an empty selector would select every pod in the namespace",
);

// ---- Ports ----

// Istio's sidecar listens on these itself; an application port among them is shadowed.
const ISTIO_RESERVED_PORTS = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

const EXPECTED_PORT = "an integer port from 1 to 65535";

function portProblem(n: number): string | undefined {
    return Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : EXPECTED_PORT;
}

const port = checked(z.number({ error: EXPECTED_PORT }), portProblem);

const applicationPort = checked(
    z.number({ error: EXPECTED_PORT }),
    (n) =>
        portProblem(n) ??
        (ISTIO_RESERVED_PORTS.includes(n)
            ? `a port the Istio sidecar does not listen on itself (${ISTIO_RESERVED_PORTS.join(", ")})`
            : undefined),
);

// ---- CIDR blocks ----

/** A parsed CIDR block: address family, network address and prefix length. */
interface Cidr {
    family: 4 | 6;
    address: bigint;
    prefix: number;
}

function ipv4ToBigInt(address: string): bigint {
    return address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
    let text = address;
    const lastColon = text.lastIndexOf(":");
    const tail = text.slice(lastColon + 1);
    if (tail.includes(".")) {
        const v4 = ipv4ToBigInt(tail);
        text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
    const headGroups = head === "" ? [] : head.split(":");
    const restGroups = rest === undefined || rest === "" ? [] : rest.split(":");
    const zeros =
        rest === undefined ? [] : Array(8 - headGroups.length - restGroups.length).fill("0");
    return [...headGroups, ...zeros, ...restGroups].reduce(
        (acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)),
        0n,
    );
}

function formatAddress(family: 4 | 6, address: bigint): string {
    if (family === 4) {
        return [24n, 16n, 8n, 0n].map((shift) => ((address >> shift) & 0xffn).toString()).join(".");
    }
    const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) =>
        ((address >> shift) & 0xffffn).toString(16),
    );
    // RFC 5952: compress the longest run of two or more zero groups.
    let best = { start: -1, length: 0 };
    for (let start = 0; start < 8; start++) {
        let length = 0;
        while (start + length < 8 && groups[start + length] === "0") {
            length++;
        }
        if (length > best.length && length >= 2) {
            best = { start, length };
        }
    }
    if (best.start < 0) {
        return groups.join(":");
    }
    const head = groups.slice(0, best.start).join(":");
    const tail = groups.slice(best.start + best.length).join(":");
    return `${head}::${tail}`;
}

/** Parses a CIDR block; returns what is expected instead when `text` is not a valid one. */
function parseCidr(text: string): Cidr | { expected: string } {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
    const family = match ? isIP(match[1]) : 0;
    if (!match || (family !== 4 && family !== 6) || match[1].includes("%")) {
        return { expected: "a CIDR block such as 10.0.0.0/8 or fd00::/8" };
    }
    const bits = family === 4 ? 32 : 128;
    const prefix = Number(match[2]);
    if (prefix < 1 || prefix > bits) {
        return { expected: `an IPv${family} prefix length from 1 to ${bits}` };
    }
    const address = family === 4 ? ipv4ToBigInt(match[1]) : ipv6ToBigInt(match[1]);
    const hostMask = (1n << BigInt(bits - prefix)) - 1n;
    if ((address & hostMask) !== 0n) {
        const network = formatAddress(family, address & ~hostMask);
        return {
            expected: `a network address with no host bits set, such as ${network}/${prefix}`,
        };
    }
    return { family, address, prefix };
}

const cidr = checked(z.string({ error: "a CIDR block such as 10.0.0.0/8 or fd00::/8" }), (text) => {
    const parsed = parseCidr(text);
    return "expected" in parsed ? parsed.expected : undefined;
});

const cidrList = (example: string) =>
    z.array(cidr, { error: `a list of CIDR blocks, such as ${example}` });

// ---- Whole numbers ----

/** A whole number of `what` from `min` to `max`; `why` says where the bounds come from. */
const wholeNumber = (min: number, max: number, what: string, why = "") => {
    const expected = `a whole number of ${what} from ${min} to ${max}${why}`;
    return checked(z.number({ error: expected }), (n) =>
        Number.isInteger(n) && n >= min && n <= max ? undefined : expected,
    );
};

// ---- Vault, AWS and image references ----

const MOUNT_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

const mountPath = (example: string) => {
    const expected =
        `a Vault mount path such as ${example} ` +
        "(letters, digits, - and _ in /-separated parts)";
    return checked(z.string({ error: expected }), (path) =>
        MOUNT_PATH.test(path) ? undefined : expected,
    );
};

const EXPECTED_API_SERVER =
    "the https:// URL of the Kubernetes API server Vault validates tokens with";

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/\S+$/;
const EXPECTED_OIDC_PROVIDER_ARN =
    "the ARN of the cluster's IAM OIDC provider, " +
    "arn:aws:iam::<12-digit account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>";

const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]+)$/;
const EXPECTED_IAM_PRINCIPAL_ARN =
    "an IAM role or user ARN, such as arn:aws:iam::123456789012:role/security-admin";

// An image repository as the container runtime reports it (Falco's container.image.repository):
// an optional registry host, with a port, then lower-case path components; no tag, no digest.
const IMAGE_REPOSITORY =
    /^([A-Za-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;
const EXPECTED_IMAGE_REPOSITORY =
    "an image repository without tag or digest, such as docker.io/library/busybox";

const imageRepositories = z.array(
    checked(z.string({ error: EXPECTED_IMAGE_REPOSITORY }), (image) =>
        IMAGE_REPOSITORY.test(image) ? undefined : EXPECTED_IMAGE_REPOSITORY,
    ),
    { error: "a list of image repositories, such as [docker.io/library/busybox]" },
);

// ---- Kubernetes quantities ----

const QUANTITY = /^(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const QUANTITY_SUFFIX: Record<string, number> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** The value of a Kubernetes quantity in base units, for ordering; undefined when invalid. */
function quantityValue(text: string): number | undefined {
    const match = QUANTITY.exec(text);
    if (!match) {
        return undefined;
    }
    const suffix = match[3] ?? "";
    const scale = /^[eE]/.test(suffix)
        ? 10 ** Number(suffix.slice(1))
        : (QUANTITY_SUFFIX[suffix] ?? 1);
    return Number(match[1]) * scale;
}

const EXPECTED_CPU = "a Kubernetes CPU quantity, such as 500m or 2";
const EXPECTED_MEMORY = "a Kubernetes memory quantity, such as 512Mi or 4Gi";

function cpuProblem(text: string): string | undefined {
    return quantityValue(text) === undefined ? EXPECTED_CPU : undefined;
}

function memoryProblem(text: string): string | undefined {
    if (quantityValue(text) === undefined) {
        return EXPECTED_MEMORY;
    }
    // "512m" is a valid quantity but means 0.512 bytes: nearly always a typo for "512Mi".
    return /[num]$/.test(text)
        ? `${EXPECTED_MEMORY} (the suffixes n, u and m are fractions of a byte)`
        : undefined;
}

const cpuQuantity = checked(z.string({ error: EXPECTED_CPU }), cpuProblem);
const memoryQuantity = checked(z.string({ error: EXPECTED_MEMORY }), memoryProblem);

// ---- Objects ----

/** A strict object schema: unknown keys are problems, and every message names `what` it is. */
function strictObject<T extends z.core.$ZodLooseShape>(what: string, shape: T) {
    const known = Object.keys(shape).join(", ");
    return z.strictObject(shape, {
        error: (issue) =>
            issue.code === "unrecognized_keys" ? `a key of ${what}: one of ${known}` : what,
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where a list is (relative to the schema reporting) and how messages name it. */
interface ListRef {
    items: unknown;
    path: PropertyKey[];
    label: string;
}

/** Reports the entries of `list` whose `field` repeats an earlier entry's. */
function reportDuplicates(ctx: z.RefinementCtx, list: ListRef, field: string, what: string): void {
    const { items, path, label } = list;
    if (!Array.isArray(items)) {
        return;
    }
    const firstIndex = new Map<unknown, number>();
    items.forEach((item, index) => {
        const value = isRecord(item) ? item[field] : undefined;
        if (typeof value !== "string") {
            return;
        }
        const first = firstIndex.get(value);
        if (first === undefined) {
            firstIndex.set(value, index);
            return;
        }
        ctx.addIssue({
            code: "custom",
            path: [...path, index, field],
            input: value,
            message: `${what} unique in ${label} (${label}[${first}] has it already)`,
        });
    });
}

// ---- Tenants ----

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

// Istio matches paths exactly, by prefix ("/api/*"), by suffix ("*.json"), or any ("*").
const ISTIO_PATH = /^(\*|\*[^*\s]+|\/[^*\s]*\*?)$/;
const EXPECTED_PATH = "an Istio path: exact (/healthz), prefix (/api/*), suffix (*.json) or *";

const workloadSchema = strictObject("a workload", {
    name: dnsLabel("a workload name"),
    secretNames: z
        .array(dnsSubdomain("a Secret name"), {
            error: "a list of the names of the Kubernetes Secrets the workload may read",
        })
        .default([]),
    clusterReadOnly: z.boolean({ error: "true or false" }).default(false),
});

const dependencySchema = strictObject("a dependency", {
    name: dnsLabel("a dependency name"),
    namespace: dnsLabel("a namespace name").optional(),
    podLabels,
    port,
    protocol: z.enum(["TCP", "UDP"], { error: "TCP or UDP" }).default("TCP"),
});

const EXPECTED_ISSUER = "the JWT issuer (the tokens' iss claim), with no spaces";
const EXPECTED_JWKS_URI = "the https:// URL of the issuer's JSON Web Key Set";

const apiSchema = strictObject("the API the mesh admits", {
    paths: z
        .array(
            checked(z.string({ error: EXPECTED_PATH }), (p) =>
                ISTIO_PATH.test(p) ? undefined : EXPECTED_PATH,
            ),
            { error: "a list of Istio paths" },
        )
        .min(1, { error: "at least one path" })
        .default(["/api/*"]),
    methods: z
        .array(
            z.enum(HTTP_METHODS, { error: `an HTTP method: one of ${HTTP_METHODS.join(", ")}` }),
            {
                error: "a list of HTTP methods",
            },
        )
        .min(1, { error: "at least one method" })
        .default(["GET", "POST"]),
    jwtIssuer: checked(z.string({ error: EXPECTED_ISSUER }), (issuer) =>
        /^\S+$/.test(issuer) ? undefined : EXPECTED_ISSUER,
    ),
    jwksUri: checked(z.string({ error: EXPECTED_JWKS_URI }), (uri) =>
        isHttpsUrl(uri) ? undefined : EXPECTED_JWKS_URI,
    ),
    audiences: z
        .array(
            checked(z.string({ error: "an audience" }), (a) =>
                a === "" ? "a non-empty audience" : undefined,
            ),
            {
                error: "a list of accepted audiences (the tokens' aud claim)",
            },
        )
        .min(1, { error: "at least one audience, or no audiences key at all" })
        .optional(),
});

function isHttpsUrl(text: string): boolean {
    try {
        return new URL(text).protocol === "https:";
    } catch {
        return false;
    }
}

const quotaSchema = strictObject("a ResourceQuota for the namespace", {
    requestsCpu: cpuQuantity,
    requestsMemory: memoryQuantity,
    limitsCpu: cpuQuantity,
    limitsMemory: memoryQuantity,
    pods: checked(z.number({ error: "a positive integer" }), (n) =>
        Number.isInteger(n) && n > 0 ? undefined : "a positive integer",
    ),
});

const limitsSchema = strictObject("the LimitRange for containers", {
    defaultRequestCpu: cpuQuantity,
    defaultRequestMemory: memoryQuantity,
    defaultCpu: cpuQuantity,
    defaultMemory: memoryQuantity,
    maxCpu: cpuQuantity,
    maxMemory: memoryQuantity,
}).superRefine((limits, ctx) => {
    // The API server rejects a LimitRange whose default request exceeds its default limit, or
    // whose default limit exceeds its max.
    const orderings: [keyof typeof limits, keyof typeof limits][] = [
        ["defaultRequestCpu", "defaultCpu"],
        ["defaultCpu", "maxCpu"],
        ["defaultRequestMemory", "defaultMemory"],
        ["defaultMemory", "maxMemory"],
    ];
    for (const [lower, upper] of orderings) {
        const problem = lower.endsWith("Cpu") ? cpuProblem : memoryProblem;
        if (problem(limits[lower]) !== undefined || problem(limits[upper]) !== undefined) {
            continue;
        }
        if (quantityValue(limits[lower])! > quantityValue(limits[upper])!) {
            ctx.addIssue({
                code: "custom",
                path: [lower],
                input: limits[lower],
                message: `at most ${upper} (${limits[upper]})`,
            });
        }
    }
});

// Vault Agent annotation keys carry the name (agent-inject-template-<name>), and a key's name
// part may have at most 63 characters.
const SECRET_NAME_MAX = 41;
const EXPECTED_SECRET_NAME =
    `a secret name of at most ${SECRET_NAME_MAX} lower-case letters, digits or '-', starting ` +
    "and ending with a letter or digit (short enough for the Vault Agent's annotation keys)";

const secretSchema = strictObject("a secret", {
    name: checked(z.string({ error: EXPECTED_SECRET_NAME }), (name) =>
        isDnsLabel(name) && name.length <= SECRET_NAME_MAX ? undefined : EXPECTED_SECRET_NAME,
    ),
    kind: z
        .enum(SECRET_KINDS, { error: `a secret kind: one of ${SECRET_KINDS.join(", ")}` })
        .default("opaque"),
});

const tenantSchema = strictObject("a tenant", {
    name: dnsLabel("a tenant name"),
    namespace: dnsLabel("a namespace name"),
    appPort: applicationPort.default(8080),
    metricsPort: applicationPort.default(9090),
    workloads: z
        .array(workloadSchema, { error: "a list of workloads" })
        .min(1, { error: "at least one workload, or no workloads key for the default one" })
        .optional(),
    dependencies: z.array(dependencySchema, { error: "a list of dependencies" }).default([]),
    api: apiSchema,
    quota: quotaSchema,
    limits: limitsSchema,
    secrets: z.array(secretSchema, { error: "a list of secrets" }).default([]),
})
    .superRefine((tenant, ctx) => {
        if (portProblem(tenant.appPort) === undefined && tenant.appPort === tenant.metricsPort) {
            ctx.addIssue({
                code: "custom",
                path: ["metricsPort"],
                input: tenant.metricsPort,
                message: `a port other than appPort (${tenant.appPort})`,
            });
        }
        const workloads = { items: tenant.workloads, path: ["workloads"], label: "workloads" };
        const dependencies = {
            items: tenant.dependencies,
            path: ["dependencies"],
            label: "dependencies",
        };
        reportDuplicates(ctx, workloads, "name", "a workload name");
        reportDuplicates(ctx, dependencies, "name", "a dependency name");
        const secrets = { items: tenant.secrets, path: ["secrets"], label: "secrets" };
        reportDuplicates(ctx, secrets, "name", "a secret name");
    })
    .transform((tenant) => ({
        ...tenant,
        workloads: tenant.workloads ?? [
            { name: tenant.name, secretNames: [], clusterReadOnly: false },
        ],
        dependencies: tenant.dependencies.map((d) => ({
            ...d,
            namespace: d.namespace ?? tenant.namespace,
        })),
    }));

const tenantsSchema = z
    .array(tenantSchema, { error: "a list of tenants" })
    .min(1, { error: "at least one tenant" })
    .superRefine(
        (tenants, ctx) => {
            const list = { items: tenants, path: [], label: "tenants" };
            reportDuplicates(ctx, list, "name", "a tenant name");
            reportDuplicates(ctx, list, "namespace", "a namespace");
        },
        // Run even when some tenant is invalid, so that duplicates are reported with the rest.
        { when: () => true },
    );

// ---- Keys ----

/** A config type Pulumi.yaml can declare; object-valued keys have none. */
export type PulumiConfigType = "string" | "integer" | "boolean" | "array";

/** One top-level config key: how Pulumi.yaml declares it, its default, and its schema. */
export interface ConfigKey<S extends z.ZodType = z.ZodType> {
    /** The `type` Pulumi.yaml declares; undefined for object-valued keys, which it cannot. */
    pulumiType: PulumiConfigType | undefined;
    /**
     * The default when the stack does not set the key. Without one the key is required, unless
     * its schema is optional (then a cross-key check may still require it).
     */
    default?: z.input<S>;
    /** The schema the decoded value must pass; its messages say what is expected. */
    schema: S;
}

function configKey<S extends z.ZodType>(key: ConfigKey<S>): ConfigKey<S> {
    return key;
}

const POD_SECURITY_VERSION = /^v\d+\.\d+$/;
const EXPECTED_TRUST_DOMAIN = `an Istio trust domain such as cluster.local, ${EXPECTED_DNS_SUBDOMAIN}`;
const EXPECTED_POD_SECURITY_VERSION = "a Kubernetes minor version such as v1.33";

/**
 * Every top-level key of the project, without the `security-baseline:` namespace. This table is
 * the one place defaults are stated; a test checks Pulumi.yaml states the same.
 */
export const CONFIG_KEYS = {
    podSecurityVersion: configKey({
        pulumiType: "string",
        default: "v1.33",
        schema: checked(z.string({ error: EXPECTED_POD_SECURITY_VERSION }), (version) => {
            if (version === "latest") {
                return (
                    "a pinned Kubernetes minor version such as v1.33: with latest, what Pod " +
                    "Security Admission enforces changes whenever the cluster is upgraded"
                );
            }
            return POD_SECURITY_VERSION.test(version) ? undefined : EXPECTED_POD_SECURITY_VERSION;
        }),
    }),
    clusterPodCidrs: configKey({
        pulumiType: "array",
        schema: cidrList('["10.244.0.0/16"]').min(1, { error: "at least one pod CIDR block" }),
    }),
    clusterServiceCidrs: configKey({
        pulumiType: "array",
        schema: cidrList('["10.96.0.0/12"]').min(1, { error: "at least one service CIDR block" }),
    }),
    // LIMITATION: the default is IPv4 only; a dual-stack cluster must add the IPv6 private and
    // link-local blocks (fc00::/7, fe80::/10) itself, as Pulumi.prod.yaml does.
    privateCidrs: configKey({
        pulumiType: "array",
        default: [
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "169.254.0.0/16",
            "100.64.0.0/10",
        ],
        schema: cidrList('["10.0.0.0/8"]'),
    }),
    dnsNamespace: configKey({
        pulumiType: "string",
        default: "kube-system",
        schema: dnsLabel("a namespace name"),
    }),
    ingressNamespace: configKey({
        pulumiType: "string",
        default: "ingress-nginx",
        schema: dnsLabel("a namespace name"),
    }),
    ingressServiceAccount: configKey({
        pulumiType: "string",
        default: "ingress-nginx",
        schema: dnsSubdomain("a ServiceAccount name"),
    }),
    monitoringNamespace: configKey({
        pulumiType: "string",
        default: "monitoring",
        schema: dnsLabel("a namespace name"),
    }),
    prometheusServiceAccount: configKey({
        pulumiType: "string",
        default: "prometheus",
        schema: dnsSubdomain("a ServiceAccount name"),
    }),
    meshControlPlaneNamespace: configKey({
        pulumiType: "string",
        default: "istio-system",
        schema: dnsLabel("a namespace name"),
    }),
    meshTrustDomain: configKey({
        pulumiType: "string",
        default: "cluster.local",
        schema: checked(z.string({ error: EXPECTED_TRUST_DOMAIN }), (domain) =>
            isDnsSubdomain(domain) ? undefined : EXPECTED_TRUST_DOMAIN,
        ),
    }),
    protectStatefulResources: configKey({
        pulumiType: "boolean",
        default: false,
        schema: z.boolean({ error: "true or false" }),
    }),
    vaultAuthMountPath: configKey({
        pulumiType: "string",
        default: "kubernetes",
        schema: mountPath("kubernetes"),
    }),
    vaultCreateAuthBackend: configKey({
        pulumiType: "boolean",
        default: true,
        schema: z.boolean({ error: "true or false" }),
    }),
    // Required only when vaultCreateAuthBackend is true; crossKeyProblems checks that.
    vaultKubernetesHost: configKey({
        pulumiType: "string",
        schema: checked(z.string({ error: EXPECTED_API_SERVER }), (host) =>
            isHttpsUrl(host) ? undefined : EXPECTED_API_SERVER,
        ).optional(),
    }),
    vaultKvMount: configKey({
        pulumiType: "string",
        default: "secret",
        schema: mountPath("secret"),
    }),
    vaultTokenTtlSeconds: configKey({
        pulumiType: "integer",
        default: 900,
        schema: wholeNumber(1, 3600, "seconds", ", the most vault-role-token-ttl-capped allows"),
    }),
    vaultTokenMaxTtlSeconds: configKey({
        pulumiType: "integer",
        default: 3600,
        schema: wholeNumber(1, 86400, "seconds", ", the most vault-role-token-ttl-capped allows"),
    }),
    vaultAudience: configKey({
        pulumiType: "string",
        default: "vault",
        schema: checked(z.string({ error: "a token audience, such as vault" }), (audience) =>
            /^\S+$/.test(audience) ? undefined : "a non-empty token audience with no spaces",
        ),
    }),
    vaultNamespace: configKey({
        pulumiType: "string",
        default: "vault",
        schema: dnsLabel("a namespace name"),
    }),
    vaultCidrs: configKey({
        pulumiType: "array",
        default: [],
        schema: cidrList('["192.0.2.10/32"]'),
    }),
    vaultPort: configKey({
        pulumiType: "integer",
        default: 8200,
        schema: port,
    }),
    eksOidcProviderArn: configKey({
        pulumiType: "string",
        schema: checked(z.string({ error: EXPECTED_OIDC_PROVIDER_ARN }), (arn) =>
            OIDC_PROVIDER_ARN.test(arn) ? undefined : EXPECTED_OIDC_PROVIDER_ARN,
        ),
    }),
    secretRecoveryWindowDays: configKey({
        pulumiType: "integer",
        default: 30,
        schema: wholeNumber(7, 30, "days", ", as Secrets Manager allows"),
    }),
    secretRotationDays: configKey({
        pulumiType: "integer",
        default: 30,
        schema: wholeNumber(1, 30, "days", ", the most aws-secret-rotation-within-days allows"),
    }),
    secretKeyAdministratorArns: configKey({
        pulumiType: "array",
        default: [],
        schema: z.array(
            checked(z.string({ error: EXPECTED_IAM_PRINCIPAL_ARN }), (arn) =>
                IAM_PRINCIPAL_ARN.test(arn) ? undefined : EXPECTED_IAM_PRINCIPAL_ARN,
            ),
            { error: "a list of IAM role or user ARNs" },
        ),
    }),
    falcoNamespace: configKey({
        pulumiType: "string",
        default: "falco",
        schema: dnsLabel("a namespace name"),
    }),
    falcoAllowedImages: configKey({
        pulumiType: "array",
        default: [],
        schema: imageRepositories,
    }),
    falcoAllowedOutboundCidrs: configKey({
        pulumiType: "array",
        default: [],
        schema: cidrList('["198.51.100.0/24"]'),
    }),
    falcoDebugImages: configKey({
        pulumiType: "array",
        default: [],
        schema: imageRepositories,
    }),
    // LIMITATION: Pulumi.yaml can declare only string, integer, boolean and array keys, so
    // `tenants` (a list of objects) is documented there in a comment and checked only here.
    tenants: configKey({ pulumiType: undefined, schema: tenantsSchema }),
};

/** The validated stack configuration, defaults applied. */
export type BaselineConfig = {
    [K in keyof typeof CONFIG_KEYS]: z.output<(typeof CONFIG_KEYS)[K]["schema"]>;
};

/** One validated tenant, defaults applied (workloads, dependency namespaces, ports, API). */
export type TenantConfig = BaselineConfig["tenants"][number];

/** The settings shared by every tenant: everything but the tenants themselves. */
export type PlatformConfig = Omit<BaselineConfig, "tenants">;

// Namespaces a tenant must not take: the default-deny policy would cut off what runs there.
const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];
const PLATFORM_NAMESPACE_KEYS = [
    "dnsNamespace",
    "ingressNamespace",
    "monitoringNamespace",
    "meshControlPlaneNamespace",
    "vaultNamespace",
    "falcoNamespace",
] as const;

// ---- Validation ----

/** Decodes a raw value: Pulumi hands every value as a string, non-strings as JSON. */
function decode(raw: unknown, type: PulumiConfigType | undefined): unknown {
    if (typeof raw !== "string" || type === "string") {
        return raw;
    }
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

function keyPath(key: string, path: readonly PropertyKey[]): string {
    let text = `${CONFIG_NAMESPACE}:${key}`;
    for (const segment of path) {
        if (typeof segment === "number") {
            text += `[${segment}]`;
        } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(segment))) {
            text += `.${String(segment)}`;
        } else {
            text += `[${JSON.stringify(String(segment))}]`;
        }
    }
    return text;
}

function describeFound(input: unknown): string {
    if (input === undefined) {
        return "nothing (the key is not set)";
    }
    const text = JSON.stringify(input) ?? String(input);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function problemsOf(key: string, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
    return issues.flatMap((issue): ConfigProblem[] => {
        switch (issue.code) {
            case "unrecognized_keys":
                return issue.keys.map((unknown) => ({
                    key: keyPath(key, [...issue.path, unknown]),
                    found: "an unknown key",
                    expected: issue.message,
                }));
            case "invalid_key":
                return issue.issues.map((inner) => ({
                    key: keyPath(key, issue.path),
                    found: `the label name ${describeFound(issue.input)}`,
                    expected: inner.message,
                }));
            default:
                return [
                    {
                        key: keyPath(key, issue.path),
                        found: describeFound(issue.input),
                        expected: issue.message,
                    },
                ];
        }
    });
}

function vaultProblems(values: Partial<BaselineConfig>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (values.vaultCreateAuthBackend === true && values.vaultKubernetesHost === undefined) {
        problems.push({
            key: keyPath("vaultKubernetesHost", []),
            found: describeFound(undefined),
            expected:
                `${EXPECTED_API_SERVER}, ` +
                `since ${CONFIG_NAMESPACE}:vaultCreateAuthBackend is true`,
        });
    }
    const ttl = values.vaultTokenTtlSeconds;
    const maxTtl = values.vaultTokenMaxTtlSeconds;
    if (ttl !== undefined && maxTtl !== undefined && maxTtl < ttl) {
        problems.push({
            key: keyPath("vaultTokenMaxTtlSeconds", []),
            found: describeFound(maxTtl),
            expected: `at least ${CONFIG_NAMESPACE}:vaultTokenTtlSeconds (${ttl})`,
        });
    }
    return problems;
}

// The Falco namespace is declared here and labelled privileged: it must be a namespace of its own.
function falcoNamespaceProblems(values: Partial<BaselineConfig>): ConfigProblem[] {
    const falco = values.falcoNamespace;
    if (falco === undefined) {
        return [];
    }
    const holder = RESERVED_NAMESPACES.includes(falco)
        ? "reserved for Kubernetes"
        : PLATFORM_NAMESPACE_KEYS.filter((k) => k !== "falcoNamespace")
              .filter((k) => values[k] === falco)
              .map((k) => `the platform's ${CONFIG_NAMESPACE}:${k}`)[0];
    return holder === undefined
        ? []
        : [
              {
                  key: keyPath("falcoNamespace", []),
                  found: describeFound(falco),
                  expected: `a namespace of Falco's own (${falco} is ${holder})`,
              },
          ];
}

function crossKeyProblems(values: Partial<BaselineConfig>): ConfigProblem[] {
    const problems: ConfigProblem[] = [...vaultProblems(values), ...falcoNamespaceProblems(values)];
    const taken = new Map<string, string>(
        RESERVED_NAMESPACES.map((ns) => [ns, "reserved for Kubernetes"]),
    );
    for (const platformKey of PLATFORM_NAMESPACE_KEYS) {
        const ns = values[platformKey];
        if (ns !== undefined) {
            taken.set(ns, `the platform's ${CONFIG_NAMESPACE}:${platformKey}`);
        }
    }
    (values.tenants ?? []).forEach((tenant, index) => {
        const holder = taken.get(tenant.namespace);
        if (holder !== undefined) {
            problems.push({
                key: keyPath("tenants", [index, "namespace"]),
                found: JSON.stringify(tenant.namespace),
                expected: `a namespace of the tenant's own (${tenant.namespace} is ${holder})`,
            });
        }
    });
    return problems;
}

/**
 * Validates the raw stack configuration (`pulumi.runtime.allConfig()`: keys `<namespace>:<key>`,
 * values strings, lists and objects as JSON) and returns it typed with defaults applied. Keys of
 * other namespaces (`aws:region`, ...) are ignored. Throws a `ConfigError` listing every problem.
 */
export function parseBaselineConfig(raw: Record<string, unknown>): BaselineConfig {
    const problems: ConfigProblem[] = [];
    const prefix = `${CONFIG_NAMESPACE}:`;
    const ours = new Map<string, unknown>();
    for (const [fullKey, value] of Object.entries(raw)) {
        if (fullKey.startsWith(prefix)) {
            ours.set(fullKey.slice(prefix.length), value);
        }
    }

    const knownKeys = Object.keys(CONFIG_KEYS);
    for (const key of ours.keys()) {
        if (!knownKeys.includes(key)) {
            problems.push({
                key: `${prefix}${key}`,
                found: "an unknown key",
                expected: `a key of this project: one of ${knownKeys.join(", ")}`,
            });
        }
    }

    const values: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(CONFIG_KEYS) as [string, ConfigKey][]) {
        const input = ours.has(key) ? decode(ours.get(key), spec.pulumiType) : spec.default;
        const result = spec.schema.safeParse(input, { reportInput: true });
        if (result.success) {
            values[key] = result.data;
        } else {
            problems.push(...problemsOf(key, result.error.issues));
        }
    }

    problems.push(...crossKeyProblems(values as Partial<BaselineConfig>));
    if (problems.length > 0) {
        throw new ConfigError(problems);
    }
    return values as BaselineConfig;
}
