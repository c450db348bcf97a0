/**
 * The mock runtime the tests declare resources under: the SDK's `setMocks`, with every new
 * resource's state its inputs plus an id, invokes answered from canned values (the AWS identity
 * ones among them, account 123456789012), and every registration recorded as the engine sees it
 * (type, name, parent, dependencies, inputs). Also reads the real stack config files.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

import {
    MockWorld,
    ProgramRun,
    RecordedResource,
    runProgram,
    startMockRuntime,
} from "../cli/mock-runtime";
import { CONFIG_NAMESPACE } from "../config";

export type { RecordedResource } from "../cli/mock-runtime";

/** The project directory, where Pulumi.yaml and the stack files are. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** What a test declares resources into. */
export interface MockedRuntime {
    /** Every registration so far, components included, in order. */
    resources: RecordedResource[];
    /** Waits until every registration under way has reached the mock monitor. */
    settle(): Promise<void>;
}

/**
 * Starts a fresh mock runtime (not a preview: ids and outputs are known) for project
 * `security-baseline`, stack `test`, with `config` as the stack's raw config.
 */
export async function startMocks(
    config: Record<string, string> = {},
    world: MockWorld = {},
): Promise<MockedRuntime> {
    const { monitor, settle } = await startMockRuntime({
        project: CONFIG_NAMESPACE,
        stack: "test",
        preview: false,
        config,
        world,
    });
    return { resources: monitor.recorded, settle };
}

/**
 * Runs index.ts in a fresh module cache under the mock runtime with the given raw config, as the
 * language host would, and returns what it declared and exported.
 */
export async function runBaselineProgram(
    config: Record<string, string>,
    stack = "test",
): Promise<ProgramRun> {
    const program = require.resolve(path.join(PROJECT_DIR, "index.ts"));
    delete require.cache[program];
    return runProgram(program, {
        project: CONFIG_NAMESPACE,
        stack,
        preview: false,
        config,
    });
}

/**
 * The raw config the CLI hands the program for a stack file (`Pulumi.<stack>.yaml`): strings as
 * they are, every other value as JSON.
 */
export function stackConfig(stack: string): Record<string, string> {
    const file = path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`);
    const parsed = YAML.parse(fs.readFileSync(file, "utf8")) as {
        config?: Record<string, unknown>;
    };
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed.config ?? {})) {
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/** The recorded custom resources of a Pulumi type, e.g. `kubernetes:core/v1:Namespace`. */
export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one recorded resource of `type` whose `metadata.name` is `name`; throws if not exactly one. */
export function byObjectName(
    resources: RecordedResource[],
    type: string,
    name: string,
): RecordedResource {
    const found = ofType(resources, type).filter((r) => objectName(r) === name);
    if (found.length !== 1) {
        const names = ofType(resources, type).map(objectName);
        throw new Error(`expected one ${type} named ${name}, found ${found.length} among ${names}`);
    }
    return found[0];
}

/** The `metadata.name` of a recorded Kubernetes object. */
export function objectName(resource: RecordedResource): string | undefined {
    const metadata = resource.inputs.metadata as { name?: string } | undefined;
    return metadata?.name;
}

/** The recorded input at a dotted path, e.g. `spec.podSelector`. */
export function input(resource: RecordedResource, dottedPath: string): any {
    return dottedPath
        .split(".")
        .reduce<any>(
            (value, key) => (value === undefined ? undefined : value[key]),
            resource.inputs,
        );
}

/** The value an output resolves to (under the mocks, every output resolves). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** The recorded component of `type` (a ComponentResource's type token) named `name`. */
export function component(
    resources: RecordedResource[],
    type: string,
    name: string,
): RecordedResource {
    const found = resources.filter((r) => r.type === type && !r.custom && r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one component ${type} named ${name}, found ${found.length}`);
    }
    return found[0];
}

/** The recorded Kubernetes objects (custom resources of the kubernetes package). */
export function kubernetesObjects(resources: RecordedResource[]): RecordedResource[] {
    return resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
}
