/**
 * Runs a stack policy over resources that carry dependencies, as the CrossGuard server hands
 * them over: `dependencies` and `propertyDependencies` as resource objects, and props behind the
 * proxy that throws on a value unknown during preview. The shared harness's `checkStack` gives
 * every resource empty dependencies, which the rotation policy's preview path needs.
 */
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";

import type { RecordedResource } from "../../../cli/mock-runtime";
import type { BaselinePolicy } from "../../../policypack/catalog";
import type { Reported } from "../harness";

/** The unknown-value sentinel of the Pulumi protocol, as preview inputs carry it. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// The CrossGuard server's own proxy; internal to @pulumi/policy, so its types are not published.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: <T>(value: T) => T;
};

/** Props as a policy sees them in a preview: reading an `UNKNOWN` value throws. */
export function asInPreview<T extends object>(props: T): T {
    return unknownCheckingProxy(props);
}

/** A resource of a test stack, dependencies by URN. */
export interface StackResource {
    type: string;
    name: string;
    urn?: string;
    props: Record<string, unknown>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

/** The URN a test resource gets when it names none. */
export function urnOf(resource: { type: string; name: string; urn?: string }): string {
    return resource.urn ?? `urn:pulumi:test::baseline::${resource.type}::${resource.name}`;
}

/** The recorded registrations of a mock-runtime run, as a test stack (components left out). */
export function fromRecorded(recorded: RecordedResource[]): StackResource[] {
    return recorded
        .filter((r) => r.custom)
        .map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: r.inputs,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
        }));
}

/** Runs the stack policy with its schema defaults overlaid by `config`. */
export async function checkStackWithDependencies(
    policy: BaselinePolicy,
    resources: StackResource[],
    config: Record<string, unknown> = {},
): Promise<Reported[]> {
    if (!("validateStack" in policy) || !policy.validateStack) {
        throw new Error(`${policy.name} is not a stack policy`);
    }
    const byUrn = new Map<string, PolicyResource>();
    const policyResources = resources.map((r) => {
        const resource = {
            type: r.type,
            name: r.name,
            urn: urnOf(r),
            props: asInPreview(r.props),
            dependencies: [] as PolicyResource[],
            propertyDependencies: {} as Record<string, PolicyResource[]>,
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
        byUrn.set(resource.urn, resource);
        return resource;
    });
    const lookup = (urns: string[]) =>
        urns.map((u) => byUrn.get(u)).filter((r): r is PolicyResource => r !== undefined);
    resources.forEach((r, i) => {
        policyResources[i].dependencies = lookup(r.dependencies ?? []);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            policyResources[i].propertyDependencies[key] = lookup(urns);
        }
    });
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema && typeof schema === "object" && "default" in schema) {
            defaults[key] = (schema as { default: unknown }).default;
        }
    }
    const effective = { ...defaults, ...config };
    const reported: Reported[] = [];
    const args = {
        resources: policyResources,
        stackTags: new Map(),
        getConfig: () => effective,
        notApplicable: () => {
            throw new Error("not applicable");
        },
    } as unknown as StackValidationArgs;
    await policy.validateStack(args, (message, urn) => reported.push({ message, urn }));
    return reported;
}
