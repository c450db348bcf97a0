/**
 * Runs a Pulumi program under the SDK's own mock runtime and records every registration as the
 * engine would see it: type, name, parent, dependencies, provider, options and inputs. This is
 * what lets the offline preview show what `pulumi preview` would, with no CLI and no cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as path from "path";

/** The type token of the root stack resource. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** The type token of a stack reference. */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** One resource registration, as recorded from the mock monitor. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** True for a custom (provider-managed) resource, false for a component. */
    custom: boolean;
    /** The parent's URN; the stack's own URN for top-level resources; "" for the stack. */
    parent: string;
    /** URNs this resource waits for: explicit `dependsOn` plus those its inputs came from. */
    dependencies: string[];
    /** Per input property, the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** The provider reference (`<provider urn>::<id>`), "" for the package's default provider. */
    provider: string;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    /** True when the resource is read (`get`), not managed. */
    read: boolean;
    /**
     * Inputs in the wire form the engine passes on to analyzers: unknowns as the unknown
     * sentinel, secrets wrapped in their signature object, resource references as ids or URNs.
     */
    inputs: Record<string, unknown>;
}

/** What a run of a program under the mock runtime produced. */
export interface ProgramRun {
    resources: RecordedResource[];
    /** The stack outputs, in wire form (secrets wrapped, unknowns as the sentinel). */
    outputs: Record<string, unknown>;
}

/** Canned answers for what the program asks of the outside world. */
export interface MockWorld {
    /** Outputs of other stacks, by the fully qualified name a `StackReference` is given. */
    stackReferences?: Record<string, Record<string, unknown>>;
    /** Answers to provider functions (invokes), by token, beyond the built-in AWS identity ones. */
    calls?: Record<string, Record<string, unknown>>;
    /** The AWS account id the identity invokes answer with. */
    awsAccountId?: string;
    /** The AWS region the identity invokes answer with. */
    awsRegion?: string;
    /**
     * Filled in by the run: stack references the program asked for whose outputs were not given
     * (the program then sees no outputs, as a reference to an empty stack would).
     */
    missingStackReferences?: string[];
}

/** How to run a program. */
export interface RunOptions {
    project: string;
    stack: string;
    /** Preview mode: values a real preview would not know stay unknown. */
    preview: boolean;
    /** The stack's config as the CLI hands it to a program: `{ "<ns>:<key>": "<string>" }`. */
    config: Record<string, string>;
    world?: MockWorld;
    organization?: string;
}

const SIG = rpc.specialSigKey;

/** Lowers resource references to what the engine hands analyzers: an id, or a URN. */
function lowerResourceReferences(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(lowerResourceReferences);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === rpc.specialResourceSig) {
        if (typeof obj.id === "string") {
            return obj.id === "" ? rpc.unknownValue : obj.id;
        }
        return obj.urn;
    }
    const lowered: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(obj)) {
        lowered[key] = lowerResourceReferences(inner);
    }
    return lowered;
}

function builtinCalls(world: MockWorld): Record<string, Record<string, unknown>> {
    const accountId = world.awsAccountId ?? "123456789012";
    const region = world.awsRegion ?? "eu-central-1";
    return {
        "aws:index/getCallerIdentity:getCallerIdentity": {
            accountId,
            arn: `arn:aws:iam::${accountId}:user/preview`,
            userId: "AIDAPREVIEW",
            id: accountId,
        },
        "aws:index/getPartition:getPartition": {
            partition: "aws",
            dnsSuffix: "amazonaws.com",
            id: "aws",
        },
        "aws:index/getRegion:getRegion": { name: region, region, id: region },
    };
}

/** The parts of the SDK's MockMonitor this module builds on (its typings hide `newUrn`). */
interface MockMonitorBase {
    registerResource(req: any, callback: (err: any, res: any) => void): Promise<void>;
    readResource(req: any, callback: (err: any, res: any) => void): Promise<void>;
    registerResourceOutputs(req: any, callback: (err: any, res: any) => void): void;
}

const MonitorBase = MockMonitor as unknown as new (mocks: pulumi.runtime.Mocks) => MockMonitorBase;

/** `waitForRPCs` is exported by the SDK's settings module but left out of its typings. */
const waitForRPCs = (settings as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

class RecordingMonitor extends MonitorBase {
    readonly recorded: RecordedResource[] = [];
    stackOutputs: Record<string, unknown> = {};

    constructor(mocks: pulumi.runtime.Mocks) {
        super(mocks);
    }

    /** URNs as the engine makes them: the root stack's type does not qualify its children's. */
    newUrn(parent: string, type: string, name: string): string {
        const parentType = parent ? parent.split("::")[2] : "";
        const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
        return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
    }

    private record(req: any, read: boolean): void {
        const parent: string = req.getParent();
        const type: string = req.getType();
        const name: string = req.getName();
        const urn = this.newUrn(parent, type, name);
        const propertyDependencies: Record<string, string[]> = {};
        if (!read) {
            for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
                propertyDependencies[key] = deps.getUrnsList();
            }
        }
        const struct = read ? req.getProperties() : req.getObject();
        this.recorded.push({
            urn,
            type,
            name,
            custom: read ? true : req.getCustom(),
            parent,
            dependencies: read ? [] : req.getDependenciesList(),
            propertyDependencies,
            provider: req.getProvider(),
            protect: read ? false : req.getProtect() === true,
            retainOnDelete: read ? false : req.getRetainondelete() === true,
            deleteBeforeReplace: read ? false : req.getDeletebeforereplace() === true,
            read,
            inputs: lowerResourceReferences(struct ? struct.toJavaScript() : {}) as Record<
                string,
                unknown
            >,
        });
    }

    async registerResource(req: any, callback: (err: any, res: any) => void): Promise<void> {
        this.record(req, false);
        return super.registerResource(req, callback);
    }

    async readResource(req: any, callback: (err: any, res: any) => void): Promise<void> {
        this.record(req, true);
        return super.readResource(req, callback);
    }

    registerResourceOutputs(req: any, callback: (err: any, res: any) => void): void {
        const urn: string = req.getUrn();
        if (urn.split("::")[2] === STACK_TYPE) {
            const outputs = req.getOutputs();
            this.stackOutputs = outputs ? (outputs.toJavaScript() as Record<string, unknown>) : {};
        }
        return super.registerResourceOutputs(req, callback);
    }
}

function mocksFor(options: RunOptions): pulumi.runtime.Mocks {
    const world = options.world ?? {};
    const calls = { ...builtinCalls(world), ...(world.calls ?? {}) };
    return {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            if (args.type === STACK_REFERENCE_TYPE) {
                const stackName = String(args.inputs.name ?? args.name);
                let outputs = world.stackReferences?.[stackName];
                if (!outputs) {
                    (world.missingStackReferences ??= []).push(stackName);
                    outputs = {};
                }
                return {
                    id: stackName,
                    state: { name: stackName, outputs, secretOutputNames: [] },
                };
            }
            // A real preview knows a new resource's inputs but neither its id nor the
            // properties the provider computes: leave them out, and the SDK keeps them unknown.
            // LIMITATION: no provider runs here, so its Check step does not either: inputs stay
            // as the program gave them (no auto-name suffixes, no provider defaults).
            const id = options.preview ? undefined : `${args.name}-id`;
            return { id, state: args.inputs };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            const answer = calls[args.token];
            if (!answer) {
                throw new Error(`the offline preview has no answer for the invoke ${args.token}`);
            }
            return answer;
        },
    };
}

/**
 * Sets up the mock runtime for one run. Returns the monitor that records registrations. Tests use
 * this directly to declare components; `runProgram` uses it to run a whole program.
 */
export async function startMockRuntime(options: RunOptions): Promise<{
    monitor: { recorded: RecordedResource[]; stackOutputs: Record<string, unknown> };
    settle: () => Promise<void>;
}> {
    pulumi.runtime.setAllConfig(options.config);
    const mocks = mocksFor(options);
    await pulumi.runtime.setMocks(
        mocks,
        options.project,
        options.stack,
        options.preview,
        options.organization,
    );
    const monitor = new RecordingMonitor(mocks);
    settings.setMockOptions(
        monitor,
        options.project,
        options.stack,
        options.preview,
        options.organization,
    );
    return { monitor, settle: () => waitForRPCs() };
}

/**
 * Runs the program at `programPath` (a module whose exports are the stack outputs) under the mock
 * runtime, inside a root stack resource as the language host does, and returns what it declared.
 */
export async function runProgram(programPath: string, options: RunOptions): Promise<ProgramRun> {
    const { monitor, settle } = await startMockRuntime(options);
    const resolved = require.resolve(path.resolve(programPath));
    await pulumi.runtime.runInPulumiStack(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(resolved);
        return exported.default !== undefined && Object.keys(exported).length === 1
            ? exported.default
            : exported;
    });
    await settle();
    return { resources: monitor.recorded, outputs: monitor.stackOutputs };
}
