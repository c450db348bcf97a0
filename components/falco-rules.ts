/**
 * The baseline's own Falco rules, as data plus the builder that renders them into a rules file:
 * an unexpected outbound connection, a write below a binary directory, and a shell spawned in a
 * container, each scoped to the tenants' namespaces. They build on the default ruleset's macros
 * (`outbound`, `open_write`, `spawned_process`, `shell_procs`, `container`) and on lists defined
 * here from the component's arguments, so that every name a condition uses is defined: Falco
 * refuses to load a rule that names an undefined macro, and takes an undefined list name in a
 * value list as a literal string, which silently matches nothing.
 */
import * as net from "net";
import * as YAML from "yaml";

/** The lists the rules read, filled from the component's arguments. */
export interface FalcoRuleLists {
    /** Namespaces whose containers the rules watch (the tenants' namespaces); at least one. */
    monitoredNamespaces: string[];
    /** Image repositories (no tag) allowed to open outbound connections anywhere. */
    allowedImages: string[];
    /** Single IP addresses any monitored container may connect to. */
    allowedIps: string[];
    /** CIDR blocks any monitored container may connect to (the cluster's pod and service CIDRs). */
    allowedNetworks: string[];
    /** Image repositories of debug containers, allowed to spawn shells. */
    debugImages: string[];
    /** Image repositories whose entrypoint is a shell by design (the Vault agent's). */
    shellImages: string[];
}

/** One entry of a Falco rules file. */
export type FalcoRulesEntry =
    | { list: string; items: string[] }
    | { macro: string; condition: string }
    | {
          rule: string;
          desc: string;
          condition: string;
          output: string;
          priority: string;
          tags: string[];
      };

// LIMITATION: the rules are checked by the tests' own condition reader against the default
// ruleset's names, not by Falco's loader (no Falco binary is available offline), so the fields
// in conditions and outputs are not checked against Falco's field list.

/** The file name the rules carry in the chart's `customRules` (mounted under rules.d). */
export const CUSTOM_RULES_FILE = "ohlcv-baseline-rules.yaml";

/** The directories that hold executables; nothing should write there while a container runs. */
export const BINARY_DIRECTORIES = [
    "/bin",
    "/sbin",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
];

/** A rules-file item as a quoted literal, so no list or macro name can be read into it. */
function literal(value: string): string {
    return `"${value}"`;
}

const CONTEXT =
    "ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository";

/** The entries of the baseline's rules file, lists first, in the order Falco must read them. */
export function falcoRulesEntries(lists: FalcoRuleLists): FalcoRulesEntry[] {
    return [
        { list: "monitored_namespaces", items: lists.monitoredNamespaces.map(literal) },
        { list: "allowed_images", items: lists.allowedImages.map(literal) },
        { list: "allowed_ips", items: lists.allowedIps.map(literal) },
        { list: "allowed_networks", items: lists.allowedNetworks.map(literal) },
        { list: "debug_images", items: lists.debugImages.map(literal) },
        { list: "shell_images", items: lists.shellImages.map(literal) },
        { list: "baseline_binary_directories", items: BINARY_DIRECTORIES.map(literal) },
        {
            macro: "monitored_container",
            condition: "(container and k8s.ns.name in (monitored_namespaces))",
        },
        {
            rule: "Unexpected outbound connection from tenant container",
            desc:
                "A container in a tenant namespace connected to an address outside the private " +
                "ranges that is not on the allowed lists.",
            condition:
                "outbound and monitored_container" +
                " and not fd.sip in (allowed_ips)" +
                " and not fd.snet in (allowed_networks)" +
                " and not container.image.repository in (allowed_images)",
            output:
                "Unexpected outbound connection (connection=%fd.name proto=%fd.l4proto " +
                `process=%proc.name command=%proc.cmdline ${CONTEXT})`,
            priority: "WARNING",
            tags: ["container", "network", "mitre_command_and_control", "TA0011"],
        },
        {
            rule: "Write below binary directory in tenant container",
            desc:
                "A process in a tenant container opened a file for writing in a directory that " +
                "holds executables: a dropped or replaced binary.",
            condition:
                "open_write and monitored_container" +
                " and fd.directory in (baseline_binary_directories)",
            output:
                "File below a binary directory opened for writing (file=%fd.name " +
                `process=%proc.name command=%proc.cmdline ${CONTEXT})`,
            priority: "ERROR",
            tags: ["container", "filesystem", "mitre_persistence", "TA0003"],
        },
        {
            rule: "Shell spawned in tenant container",
            desc:
                "A shell started in a tenant container. The tenants' images have no shell, so " +
                "one running is an intrusion or a debug container not on the debug list.",
            condition:
                "spawned_process and monitored_container and shell_procs" +
                " and not container.image.repository in (debug_images, shell_images)",
            output:
                "Shell spawned in a container (shell=%proc.name parent=%proc.pname " +
                `command=%proc.cmdline user=%user.uid ${CONTEXT})`,
            priority: "WARNING",
            tags: ["container", "process", "shell", "mitre_execution", "T1059"],
        },
    ];
}

/** The rules file as Falco reads it. */
export function renderFalcoRules(entries: FalcoRulesEntry[]): string {
    return YAML.stringify(entries, { lineWidth: 0 });
}

/** A mistake in the lists' arguments, naming the argument and the entry. */
export class FalcoRuleListError extends Error {
    constructor(argument: string, found: string, expected: string) {
        super(`RuntimeDetection ${argument}: ${JSON.stringify(found)} is not ${expected}`);
        this.name = "FalcoRuleListError";
    }
}

/** Characters that would end a quoted literal or a list in a Falco condition. */
const CONDITION_BREAKERS = /["'\\(),\s]/;

function checkImage(argument: string, image: string): void {
    const lastSlash = image.lastIndexOf("/");
    if (image === "" || CONDITION_BREAKERS.test(image) || image.includes("@")) {
        throw new FalcoRuleListError(
            argument,
            image,
            "an image repository such as docker.io/org/app",
        );
    }
    if (image.slice(lastSlash + 1).includes(":")) {
        throw new FalcoRuleListError(
            argument,
            image,
            "an image repository without a tag (container.image.repository has none)",
        );
    }
}

function checkCidr(argument: string, cidr: string): void {
    const [address, prefix, extra] = cidr.split("/");
    const family = net.isIP(address ?? "");
    const bits = Number(prefix);
    const max = family === 6 ? 128 : 32;
    const ok =
        family !== 0 &&
        extra === undefined &&
        /^\d{1,3}$/.test(prefix ?? "") &&
        bits >= 0 &&
        bits <= max;
    if (!ok) {
        throw new FalcoRuleListError(argument, cidr, "a CIDR block such as 10.0.0.0/16");
    }
}

/** Checks every list entry so that each renders into a condition Falco parses as meant. */
export function checkFalcoRuleLists(lists: FalcoRuleLists): void {
    if (lists.monitoredNamespaces.length === 0) {
        throw new FalcoRuleListError(
            "monitoredNamespaces",
            "",
            "empty; name at least one namespace",
        );
    }
    for (const ns of lists.monitoredNamespaces) {
        if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) {
            throw new FalcoRuleListError("monitoredNamespaces", ns, "a DNS-1123 namespace name");
        }
    }
    for (const [argument, images] of [
        ["allowedImages", lists.allowedImages],
        ["debugImages", lists.debugImages],
        ["shellImages", lists.shellImages],
    ] as const) {
        images.forEach((image) => checkImage(argument, image));
    }
    for (const ip of lists.allowedIps) {
        if (net.isIP(ip) === 0) {
            throw new FalcoRuleListError("allowedOutboundIps", ip, "an IPv4 or IPv6 address");
        }
    }
    lists.allowedNetworks.forEach((cidr) => checkCidr("allowedOutboundCidrs", cidr));
}
