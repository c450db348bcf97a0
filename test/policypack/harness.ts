/**
 * Runs one policy of the pack in-process, as the CrossGuard server would call it, so that unit
 * tests can state a policy's behaviour without starting the pack. The end-to-end path through
 * the analyzer protocol is tested separately.
 */
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import * as fs from "fs";
import { types } from "util";
import * as YAML from "yaml";

import type { BaselinePolicy } from "../../policypack/catalog";

/** A resource as a test states it. */
export interface TestResource {
    type: string;
    props: Record<string, any>;
    name?: string;
    urn?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    parent?: string;
}

/** A violation as the test sees it. */
export interface Reported {
    message: string;
    urn?: string;
}

class NotApplicable extends Error {}

/**
 * Freezes a test input all the way down. The pack shares one deserialized copy of a resource's
 * properties among its policies (see policypack/shared-properties.ts), so no policy may write to
 * its inputs: a frozen input makes a write fail the test.
 */
function deepFreeze<T>(value: T): T {
    // A test that hands in a proxy (the preview's unknown-checking one, or a counting one)
    // keeps it as it is: a frozen target would break the proxy.
    const isProxy = value !== null && typeof value === "object" && types.isProxy(value);
    if (value !== null && typeof value === "object" && !isProxy && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value as object)) {
            deepFreeze(inner);
        }
    }
    return value;
}

function defaultsOf(policy: BaselinePolicy): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema && typeof schema === "object" && "default" in schema) {
            defaults[key] = (schema as { default: unknown }).default;
        }
    }
    return defaults;
}

function urnOf(resource: TestResource): string {
    const name = resource.name ?? "test";
    return resource.urn ?? `urn:pulumi:test::baseline::${resource.type}::${name}`;
}

/** A frozen copy of a test input, leaving the test's own object (and any proxy) untouched. */
function frozenCopy<T>(value: T): T {
    if (value === null || typeof value !== "object" || types.isProxy(value)) {
        return value;
    }
    try {
        return deepFreeze(structuredClone(value));
    } catch {
        return value;
    }
}

function resourceArgs(resource: TestResource, config: object): ResourceValidationArgs {
    return {
        type: resource.type,
        props: frozenCopy(resource.props),
        urn: urnOf(resource),
        name: resource.name ?? "test",
        opts: {
            protect: resource.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            parent: resource.parent,
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/**
 * Validates one resource against one policy, with the policy's schema defaults overlaid by
 * `config`, and returns the violation messages.
 */
export async function checkResource(
    policy: BaselinePolicy,
    resource: TestResource,
    config: object = {},
): Promise<string[]> {
    if (!("validateResource" in policy) || !policy.validateResource) {
        throw new Error(`${policy.name} is not a resource policy`);
    }
    const messages: string[] = [];
    const report: ReportViolation = (message) => messages.push(message);
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    const args = resourceArgs(resource, { ...defaultsOf(policy), ...config });
    try {
        for (const validate of validations) {
            await validate(args, report);
        }
    } catch (err) {
        if (!(err instanceof NotApplicable)) {
            throw err;
        }
    }
    return messages;
}

/** Validates a whole stack against one stack policy and returns what it reported. */
export async function checkStack(
    policy: BaselinePolicy,
    resources: TestResource[],
    config: object = {},
): Promise<Reported[]> {
    if (!("validateStack" in policy) || !policy.validateStack) {
        throw new Error(`${policy.name} is not a stack policy`);
    }
    const reported: Reported[] = [];
    const policyResources: PolicyResource[] = resources.map((r) => {
        const args = resourceArgs(r, {});
        return {
            type: r.type,
            props: frozenCopy(r.props),
            urn: args.urn,
            name: args.name,
            opts: args.opts,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
    });
    const effective = { ...defaultsOf(policy), ...config };
    const args: StackValidationArgs = {
        resources: policyResources,
        stackTags: new Map(),
        getConfig: <T extends object>() => effective as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    try {
        await policy.validateStack(args, (message, urn) => reported.push({ message, urn }));
    } catch (err) {
        if (!(err instanceof NotApplicable)) {
            throw err;
        }
    }
    return reported;
}

/** The Pulumi type token of a Kubernetes object, as `@pulumi/kubernetes` names it. */
export function typeTokenOf(apiVersion: string, kind: string): string {
    const [group, version] = apiVersion.includes("/")
        ? apiVersion.split("/")
        : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${kind}`;
}

/** Reads every object of a (multi-document) YAML file as a test resource. */
export function loadManifests(file: string): TestResource[] {
    return YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((doc) => doc.toJS())
        .filter((obj) => obj && typeof obj === "object")
        .map((obj) => ({
            type: typeTokenOf(String(obj.apiVersion), String(obj.kind)),
            props: obj,
            name: obj.metadata?.name,
        }));
}
