/**
 * The CrossGuard analyzer client: starts a policy pack as its own process, exactly as the Pulumi
 * CLI does (`run-policy-pack <engine> <pack dir>`, port read from stdout), and speaks the analyzer
 * gRPC protocol to it: GetAnalyzerInfo, Configure, ConfigureStack, Analyze, AnalyzeStack.
 */
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";

/** An enforcement level as CrossGuard names it. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_VALUES: Record<EnforcementLevel, analyzerProto.EnforcementLevel> = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY,
    mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    disabled: analyzerProto.EnforcementLevel.DISABLED,
    remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};

const SEVERITY_NAMES: Record<number, string> = {
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** A policy as the pack describes it in GetAnalyzerInfo. */
export interface PolicyDescription {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    kind: "resource" | "stack" | "unknown";
    configSchema?: { properties: Record<string, any>; required: string[] };
    framework?: { name: string; version: string; reference: string };
}

/** What GetAnalyzerInfo says of the pack. */
export interface PackDescription {
    name: string;
    version: string;
    supportsConfig: boolean;
    policies: PolicyDescription[];
    /** Config the pack itself ships (its `initialConfig`), per policy. */
    initialConfig: Record<
        string,
        { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
    >;
}

/** One policy's effective config as sent in Configure. */
export interface EffectivePolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** Options of a resource, as the engine reports them to analyzers. */
export interface AnalyzedOptions {
    protect: boolean;
    deleteBeforeReplace: boolean;
    parent: string;
}

/** A resource handed to the pack. Properties are in wire form (see `RecordedResource`). */
export interface AnalyzedResource {
    urn: string;
    type: string;
    name: string;
    properties: Record<string, unknown>;
    options: AnalyzedOptions;
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/** One violation the pack reported. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: string;
    urn: string;
}

/** How to start a pack. */
export interface StartOptions {
    /** The pack's folder (holding PulumiPolicy.yaml and package.json). */
    packDir: string;
    /** How long to wait for the port, in milliseconds. */
    timeoutMs?: number;
}

/** Thrown when the pack cannot be started or answers with an error. */
export class PolicyPackError extends Error {}

function resolveRunner(packDir: string): string {
    // The CLI runs the pack with the @pulumi/pulumi the pack itself installed; fall back to the
    // one the project installed when the pack has no node_modules of its own.
    try {
        return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    } catch {
        return require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
    }
}

function unary<Req, Res>(
    call: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
): Promise<Res> {
    return new Promise((resolve, reject) => {
        call(req, (err, res) =>
            err ? reject(new PolicyPackError(err.details || err.message)) : resolve(res),
        );
    });
}

function toStruct(value: Record<string, unknown>): structProto.Struct {
    return structProto.Struct.fromJavaScript(value as Record<string, structProto.JavaScriptValue>);
}

function optionsOf(options: AnalyzedOptions): analyzerProto.AnalyzerResourceOptions {
    const opts = new analyzerProto.AnalyzerResourceOptions();
    opts.setProtect(options.protect);
    opts.setDeletebeforereplace(options.deleteBeforeReplace);
    opts.setDeletebeforereplacedefined(true);
    opts.setParent(options.parent);
    opts.setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts());
    return opts;
}

function diagnosticsOf(res: analyzerProto.AnalyzeResponse): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
        severity: SEVERITY_NAMES[d.getSeverity()] ?? "",
        urn: d.getUrn(),
    }));
}

/** A running policy pack and a client connected to it. */
export class PolicyPackProcess {
    /** Milliseconds from spawning the process to reading its port. */
    readonly startupMs: number;
    private readonly client: analyzerRpc.AnalyzerClient;

    private constructor(
        private readonly child: ChildProcess,
        readonly port: number,
        startupMs: number,
        private readonly stderr: () => string,
    ) {
        this.startupMs = startupMs;
        this.client = new analyzerRpc.AnalyzerClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
            {
                "grpc.max_receive_message_length": 400 * 1024 * 1024,
                "grpc.max_send_message_length": 400 * 1024 * 1024,
            },
        );
    }

    /** Spawns the pack as the CLI does and waits for it to print its port. */
    static start(options: StartOptions): Promise<PolicyPackProcess> {
        const packDir = path.resolve(options.packDir);
        for (const file of ["PulumiPolicy.yaml", "package.json"]) {
            if (!fs.existsSync(path.join(packDir, file))) {
                return Promise.reject(
                    new PolicyPackError(
                        `policy pack ${packDir}: no ${file} there; expected a policy pack folder such as policypack/`,
                    ),
                );
            }
        }
        const runner = resolveRunner(packDir);
        const started = process.hrtime.bigint();
        // The engine address is the CLI's own; the pack does not call back in this flow.
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
            cwd: packDir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stderr!.on("data", (chunk) => (stderr += chunk.toString()));
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                child.kill();
                reject(
                    new PolicyPackError(
                        `policy pack in ${packDir} printed no port within ${options.timeoutMs ?? 60000} ms\n${stderr}`,
                    ),
                );
            }, options.timeoutMs ?? 60000);
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString();
                const line = stdout.split("\n")[0].trim();
                if (stdout.includes("\n") && /^\d+$/.test(line)) {
                    clearTimeout(timer);
                    child.stdout!.off("data", onData);
                    const ms = Number(process.hrtime.bigint() - started) / 1e6;
                    resolve(new PolicyPackProcess(child, Number(line), ms, () => stderr));
                }
            };
            child.stdout!.on("data", onData);
            child.on("error", (err) => {
                clearTimeout(timer);
                reject(
                    new PolicyPackError(
                        `policy pack in ${packDir} could not be started: ${err.message}`,
                    ),
                );
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(
                    new PolicyPackError(
                        `policy pack in ${packDir} exited with code ${code} before printing its port\n${stderr.trim()}`,
                    ),
                );
            });
        });
    }

    /** GetAnalyzerInfo: the pack's name, version and policies. */
    async describe(): Promise<PackDescription> {
        const info = await unary<emptyProto.Empty, analyzerProto.AnalyzerInfo>(
            this.client.getAnalyzerInfo.bind(this.client),
            new emptyProto.Empty(),
        );
        const initialConfig: PackDescription["initialConfig"] = {};
        info.getInitialconfigMap().forEach((v, k) => {
            initialConfig[k] = {
                enforcementLevel: LEVEL_NAMES[v.getEnforcementlevel()] ?? "advisory",
                properties: (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
            };
        });
        return {
            name: info.getName(),
            version: info.getVersion(),
            supportsConfig: info.getSupportsconfig(),
            initialConfig,
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                const framework = p.getFramework();
                const kind = p.getPolicyType();
                return {
                    name: p.getName(),
                    description: p.getDescription(),
                    enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()] ?? "advisory",
                    severity: SEVERITY_NAMES[p.getSeverity()] ?? "",
                    kind:
                        kind === analyzerProto.PolicyType.POLICY_TYPE_RESOURCE
                            ? "resource"
                            : kind === analyzerProto.PolicyType.POLICY_TYPE_STACK
                              ? "stack"
                              : "unknown",
                    configSchema: schema
                        ? {
                              properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                                  string,
                                  any
                              >,
                              required: schema.getRequiredList(),
                          }
                        : undefined,
                    framework: framework
                        ? {
                              name: framework.getName(),
                              version: framework.getVersion(),
                              reference: framework.getReference(),
                          }
                        : undefined,
                };
            }),
        };
    }

    /** Configure: every policy's enforcement level and config properties. */
    async configure(config: Record<string, EffectivePolicyConfig>): Promise<void> {
        const req = new analyzerProto.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, policyConfig] of Object.entries(config)) {
            const pc = new analyzerProto.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_VALUES[policyConfig.enforcementLevel]);
            pc.setProperties(toStruct(policyConfig.properties));
            map.set(name, pc);
        }
        await unary(this.client.configure.bind(this.client), req);
    }

    /** ConfigureStack: which stack and project are being previewed. */
    async configureStack(stack: {
        stack: string;
        project: string;
        organization: string;
        dryRun: boolean;
    }): Promise<void> {
        const req = new analyzerProto.AnalyzerStackConfigureRequest();
        req.setStack(stack.stack);
        req.setProject(stack.project);
        req.setOrganization(stack.organization);
        req.setDryRun(stack.dryRun);
        await unary(this.client.configureStack.bind(this.client), req);
    }

    /** Analyze: one resource against every resource policy. */
    async analyze(resource: AnalyzedResource): Promise<Diagnostic[]> {
        return (await this.analyzeResponse(resource)).diagnostics;
    }

    /** Analyze, with the policies the pack found not applicable to the resource and why. */
    async analyzeResponse(resource: AnalyzedResource): Promise<{
        diagnostics: Diagnostic[];
        notApplicable: { policyName: string; reason: string }[];
    }> {
        const req = new analyzerProto.AnalyzeRequest();
        req.setType(resource.type);
        req.setUrn(resource.urn);
        req.setName(resource.name);
        req.setProperties(toStruct(resource.properties));
        req.setOptions(optionsOf(resource.options));
        const res = await unary<analyzerProto.AnalyzeRequest, analyzerProto.AnalyzeResponse>(
            this.client.analyze.bind(this.client),
            req,
        );
        return {
            diagnostics: diagnosticsOf(res),
            notApplicable: res.getNotApplicableList().map((n) => ({
                policyName: n.getPolicyName(),
                reason: n.getReason(),
            })),
        };
    }

    /** Analyze for many resources, a bounded number in flight, results in input order. */
    async analyzeAll(resources: AnalyzedResource[], inFlight = 32): Promise<Diagnostic[][]> {
        const results: Diagnostic[][] = new Array(resources.length);
        let next = 0;
        const worker = async () => {
            while (next < resources.length) {
                const index = next++;
                // A resource policy's diagnostics carry no URN: the caller knows the resource.
                results[index] = (await this.analyze(resources[index])).map((d) => ({
                    ...d,
                    urn: d.urn || resources[index].urn,
                }));
            }
        };
        await Promise.all(Array.from({ length: Math.min(inFlight, resources.length) }, worker));
        return results;
    }

    /** AnalyzeStack: the whole stack against every stack policy. */
    async analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
        const req = new analyzerProto.AnalyzeStackRequest();
        req.setResourcesList(
            resources.map((r) => {
                const ar = new analyzerProto.AnalyzerResource();
                ar.setType(r.type);
                ar.setUrn(r.urn);
                ar.setName(r.name);
                ar.setProperties(toStruct(r.properties));
                ar.setOptions(optionsOf(r.options));
                ar.setParent(r.parent);
                ar.setDependenciesList(r.dependencies);
                const deps = ar.getPropertydependenciesMap();
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    const pd = new analyzerProto.AnalyzerPropertyDependencies();
                    pd.setUrnsList(urns);
                    deps.set(key, pd);
                }
                return ar;
            }),
        );
        const res = await unary<analyzerProto.AnalyzeStackRequest, analyzerProto.AnalyzeResponse>(
            this.client.analyzeStack.bind(this.client),
            req,
        );
        return diagnosticsOf(res);
    }

    /** What the pack wrote to stderr so far. */
    diagnosticsOutput(): string {
        return this.stderr();
    }

    /** Closes the connection and stops the process. */
    async close(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill();
            await exited;
        }
    }
}
