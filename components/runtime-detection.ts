/**
 * Runtime detection with Falco: a namespace Pod Security Admission leaves `privileged`, and the
 * falco Helm chart released into it with JSON output and the baseline's custom rules.
 *
 * Driver: modern eBPF. Its probe is compiled into the Falco binary (CO-RE), so no driver is
 * downloaded or built on the node at start-up (the kmod and legacy eBPF paths need a loader init
 * container that fetches or compiles one, and kmod a privileged container); with
 * `leastPrivileged` the chart runs Falco with the capabilities BPF, PERFMON, SYS_RESOURCE and
 * SYS_PTRACE instead of `privileged: true`. It needs kernel 5.8 or later with BTF, which current
 * EKS node images (Amazon Linux 2023, Bottlerocket) have.
 *
 * The namespace must still be `privileged` for Pod Security Admission: Falco mounts host paths
 * (/proc, /etc, the container runtime's socket), adds capabilities beyond the baseline set, and
 * runs AppArmor-unconfined, each of which the baseline level already forbids. The pack's
 * `namespace-pss-restricted` policy exempts this namespace by name through its
 * `exemptNamespaces` config.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import {
    checkFalcoRuleLists,
    CUSTOM_RULES_FILE,
    falcoRulesEntries,
    type FalcoRuleLists,
    renderFalcoRules,
} from "./falco-rules";

/** The falco chart's repository. */
export const FALCO_CHART_REPOSITORY = "https://falcosecurity.github.io/charts";

/** The chart version, pinned: 9.1.0 ships Falco 0.44.1. */
export const FALCO_CHART_VERSION = "9.1.0";

/**
 * The default ruleset falcoctl installs, pinned to the release the custom rules were checked
 * against (the chart's own reference, `falco-rules:5`, follows every 5.x release).
 */
export const FALCO_RULES_REFERENCE = "falco-rules:5.1.0";

/**
 * The image repository of the Vault agent the Vault Agent Injector adds to tenant pods, as the
 * container runtime reports it: containerd and CRI-O fully qualified, Docker as written.
 */
export const VAULT_AGENT_IMAGES = ["docker.io/hashicorp/vault", "hashicorp/vault"];

/** What the runtime detection needs. */
export interface RuntimeDetectionArgs {
    /** The namespace Falco runs in. Default `"falco"`. */
    namespace?: string;
    /** Namespaces whose containers the custom rules watch: the tenants' namespaces. Required. */
    monitoredNamespaces: string[];
    /**
     * Image repositories (no tag) whose containers may open outbound connections to any
     * address, such as an egress proxy. Default none.
     */
    allowedImages?: string[];
    /** IP addresses any watched container may connect to. Default none. */
    allowedOutboundIps?: string[];
    /**
     * CIDR blocks any watched container may connect to: give the cluster's pod and service
     * CIDRs where they lie outside the RFC 1918 ranges the `outbound` macro already skips.
     * Default none.
     */
    allowedOutboundCidrs?: string[];
    /** Image repositories of debug containers, which may spawn shells. Default none. */
    debugImages?: string[];
    /**
     * Image repositories whose entrypoint is a shell by design. Default the Vault agent's
     * (`VAULT_AGENT_IMAGES`), which starts through `/bin/sh -ec`.
     */
    shellImages?: string[];
    /** Labels added to the namespace. Default none. */
    namespaceLabels?: Record<string, string>;
}

/** The Pod Security Admission labels of the Falco namespace. */
export const FALCO_NAMESPACE_LABELS: Record<string, string> = {
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/audit": "privileged",
    "pod-security.kubernetes.io/warn": "privileged",
};

/** The chart values the release sets, for a given custom rules file. */
export function falcoChartValues(customRules: string): Record<string, unknown> {
    return {
        driver: {
            kind: "modern_ebpf",
            modernEbpf: { leastPrivileged: true },
        },
        falco: {
            json_output: true,
            json_include_output_property: true,
            json_include_tags_property: true,
        },
        falcoctl: {
            artifact: {
                // The default ruleset stays the one the custom rules were checked against.
                follow: { enabled: false },
            },
            config: {
                artifact: {
                    install: { refs: [FALCO_RULES_REFERENCE] },
                    follow: { refs: [FALCO_RULES_REFERENCE] },
                },
            },
        },
        customRules: { [CUSTOM_RULES_FILE]: customRules },
    };
}

/** Falco in its own namespace, with the baseline's rules. */
export class RuntimeDetection extends pulumi.ComponentResource {
    /** The name of the namespace Falco runs in. */
    readonly namespace: pulumi.Output<string>;
    /** The Helm release's name. */
    readonly releaseName: pulumi.Output<string>;
    /** The custom rules file as the chart mounts it (no secrets: names and addresses only). */
    readonly customRules: string;

    constructor(name: string, args: RuntimeDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        const lists: FalcoRuleLists = {
            monitoredNamespaces: args.monitoredNamespaces,
            allowedImages: args.allowedImages ?? [],
            allowedIps: args.allowedOutboundIps ?? [],
            allowedNetworks: args.allowedOutboundCidrs ?? [],
            debugImages: args.debugImages ?? [],
            shellImages: args.shellImages ?? VAULT_AGENT_IMAGES,
        };
        checkFalcoRuleLists(lists);
        super("ohlcv:security:RuntimeDetection", name, {}, opts);
        this.customRules = renderFalcoRules(falcoRulesEntries(lists));

        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: args.namespace ?? "falco",
                    labels: { ...(args.namespaceLabels ?? {}), ...FALCO_NAMESPACE_LABELS },
                },
            },
            { parent: this },
        );

        const release = new k8s.helm.v3.Release(
            `${name}-falco`,
            {
                name: "falco",
                chart: "falco",
                version: FALCO_CHART_VERSION,
                repositoryOpts: { repo: FALCO_CHART_REPOSITORY },
                namespace: namespace.metadata.name,
                values: falcoChartValues(this.customRules),
            },
            { parent: this },
        );

        this.namespace = namespace.metadata.name;
        this.releaseName = release.name;
        this.registerOutputs({
            namespace: this.namespace,
            releaseName: this.releaseName,
            customRules: this.customRules,
        });
    }
}
