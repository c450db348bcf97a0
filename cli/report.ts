/**
 * What the tools print for people: the resource tree, counts per type, the longest dependency
 * chain, stack outputs and the policy violations grouped the way `pulumi preview` groups them.
 */
import type { Diagnostic, PackDescription } from "./analyzer-client";
import type { RecordedResource } from "./mock-runtime";

/** One policy violation, tied back to the resource it is about. */
export interface Violation extends Diagnostic {
    /** The resource's type and name, where the URN is known. */
    resourceType: string;
    resourceName: string;
    /** The file it came from, for scans. */
    file?: string;
}

/** The longest chain of resources that must be created one after another. */
export interface DependencyChain {
    length: number;
    urns: string[];
}

/**
 * The longest chain through the dependency graph of custom resources: how many waves `pulumi up`
 * needs at the least. A dependency on a component stands for its custom descendants; a custom
 * parent is waited for like a dependency.
 */
export function longestDependencyChain(resources: RecordedResource[]): DependencyChain {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, RecordedResource[]>();
    for (const r of resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const customBelow = new Map<string, string[]>();
    const expand = (urn: string): string[] => {
        const known = customBelow.get(urn);
        if (known) {
            return known;
        }
        const r = byUrn.get(urn);
        let result: string[] = [];
        if (r?.custom) {
            result = [urn];
        } else {
            customBelow.set(urn, []);
            for (const child of children.get(urn) ?? []) {
                result = result.concat(expand(child.urn));
            }
        }
        customBelow.set(urn, result);
        return result;
    };
    const depth = new Map<string, { length: number; via?: string }>();
    const visiting = new Set<string>();
    const depthOf = (urn: string): number => {
        const known = depth.get(urn);
        if (known) {
            return known.length;
        }
        if (visiting.has(urn)) {
            return 0;
        }
        visiting.add(urn);
        const r = byUrn.get(urn)!;
        const waitsFor = new Set<string>();
        for (const dep of r.dependencies) {
            for (const custom of expand(dep)) {
                waitsFor.add(custom);
            }
        }
        if (byUrn.get(r.parent)?.custom) {
            waitsFor.add(r.parent);
        }
        let best = { length: 1, via: undefined as string | undefined };
        for (const dep of waitsFor) {
            if (dep !== urn && byUrn.has(dep)) {
                const length = depthOf(dep) + 1;
                if (length > best.length) {
                    best = { length, via: dep };
                }
            }
        }
        visiting.delete(urn);
        depth.set(urn, best);
        return best.length;
    };
    let end: string | undefined;
    let longest = 0;
    for (const r of resources) {
        if (r.custom) {
            const length = depthOf(r.urn);
            if (length > longest) {
                longest = length;
                end = r.urn;
            }
        }
    }
    const urns: string[] = [];
    for (let at = end; at; at = depth.get(at)?.via) {
        urns.unshift(at);
    }
    return { length: longest, urns };
}

/** Resource count per type, most frequent first. */
export function countsByType(resources: RecordedResource[]): [string, number][] {
    const counts = new Map<string, number>();
    for (const r of resources) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The resource tree as `pulumi preview` draws it. */
export function renderTree(resources: RecordedResource[]): string {
    const children = new Map<string, RecordedResource[]>();
    for (const r of resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const typeWidth = Math.min(
        80,
        Math.max(...resources.map((r) => r.type.length + 12), "Type".length),
    );
    const nameWidth = Math.min(60, Math.max(...resources.map((r) => r.name.length), "Name".length));
    const lines = [`     ${"Type".padEnd(typeWidth)} ${"Name".padEnd(nameWidth)} Plan`];
    const walk = (parent: string, prefix: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const branch = parent === "" ? "" : last ? "└─ " : "├─ ";
            const marks = [
                r.read ? "read" : "create",
                r.protect ? "protected" : "",
                r.retainOnDelete ? "retain-on-delete" : "",
            ]
                .filter(Boolean)
                .join(", ");
            lines.push(
                ` ${r.read ? ">" : "+"}   ${(prefix + branch + r.type).padEnd(typeWidth)} ${r.name.padEnd(nameWidth)} ${marks}`,
            );
            walk(r.urn, parent === "" ? "" : prefix + (last ? "   " : "│  "));
        });
    };
    walk("", "");
    return lines.join("\n");
}

/** Renders a value (already masked) as indented YAML-like lines for the outputs section. */
export function renderValue(value: unknown, indent: string): string {
    return JSON.stringify(value, null, 4)
        .split("\n")
        .map((line, i) => (i === 0 ? line : indent + line))
        .join("\n");
}

const LEVEL_ORDER: Record<string, number> = {
    mandatory: 0,
    remediate: 1,
    advisory: 2,
    disabled: 3,
};

/**
 * Violations grouped as `pulumi preview` prints them: per pack, a line per violation with its
 * level, policy and resource, then the policy's description and the message.
 */
export function renderViolations(
    pack: PackDescription,
    location: string,
    violations: Violation[],
): string {
    const mandatory = violations.some((v) => v.enforcementLevel === "mandatory");
    const mark = mandatory ? "❌" : violations.length ? "⚠️ " : "✅";
    const lines = ["Policies:", `    ${mark} ${pack.name}@v${pack.version} (local: ${location})`];
    const sorted = [...violations].sort(
        (a, b) =>
            (LEVEL_ORDER[a.enforcementLevel] ?? 9) - (LEVEL_ORDER[b.enforcementLevel] ?? 9) ||
            a.policyName.localeCompare(b.policyName) ||
            a.resourceName.localeCompare(b.resourceName),
    );
    for (const v of sorted) {
        const where = v.file ? `${v.file}: ` : "";
        const resource = v.resourceType
            ? `  (${where}${v.resourceType}: ${v.resourceName})`
            : where
              ? `  (${where.slice(0, -2)})`
              : "";
        lines.push(`        - [${v.enforcementLevel}]  ${v.policyName}${resource}`);
        lines.push(`          ${v.description}`);
        for (const messageLine of v.message.split("\n")) {
            lines.push(`          ${messageLine}`);
        }
    }
    return lines.join("\n");
}

/** True when any violation is mandatory: the tools then exit 1, as `pulumi preview` fails. */
export function hasMandatory(violations: Violation[]): boolean {
    return violations.some((v) => v.enforcementLevel === "mandatory");
}

/** Ties each diagnostic to its resource's type and name. */
export function attachResources(
    diagnostics: Diagnostic[],
    lookup: (urn: string) => { type: string; name: string; file?: string } | undefined,
): Violation[] {
    return diagnostics.map((d) => {
        const r = d.urn ? lookup(d.urn) : undefined;
        // The CrossGuard server prefixes each message with the policy's description.
        const prefix = `${d.description}\n`;
        const message = d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
        return {
            ...d,
            message,
            resourceType: r?.type ?? "",
            resourceName: r?.name ?? "",
            file: r?.file,
        };
    });
}
