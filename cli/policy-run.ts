/**
 * The one road for resources into the policy pack, shared by the offline preview and the manifest
 * scan: start the pack, describe it, configure it for the stack, Analyze each custom resource and
 * AnalyzeStack over all of them, as `pulumi preview --policy-pack` does.
 */
import {
    AnalyzedResource,
    Diagnostic,
    EffectivePolicyConfig,
    PackDescription,
    PolicyPackProcess,
} from "./analyzer-client";
import { PolicyConfigFile, resolvePolicyConfig } from "./policy-config";

/** What a policy run needs besides the resources. */
export interface PolicyRunOptions {
    packDir: string;
    /** The policy-config file's content and its name for messages. */
    configFile: PolicyConfigFile;
    configSource: string;
    /** Per-policy overrides applied after the file (scan's `--only`, `--pss-level`). */
    overrides?: (pack: PackDescription) => Record<string, Partial<EffectivePolicyConfig>>;
    stack: { stack: string; project: string; organization: string; dryRun: boolean };
    /** A pack already started (the preview starts it while the program runs). */
    started?: Promise<PolicyPackProcess>;
}

/** What the pack reported. */
export interface PolicyRunResult {
    pack: PackDescription;
    config: Record<string, EffectivePolicyConfig>;
    diagnostics: Diagnostic[];
    /** Milliseconds from spawning the pack to its port. */
    startupMs: number;
}

/** True for a resource that resource policies see: custom resources, not components or the stack. */
export function isAnalyzedByResourcePolicies(resource: { custom: boolean; type: string }): boolean {
    return resource.custom && !resource.type.startsWith("pulumi:providers:");
}

/** Runs the pack over `resources` (the custom ones through Analyze, all through AnalyzeStack). */
export async function runPolicies(
    resources: (AnalyzedResource & { custom: boolean })[],
    options: PolicyRunOptions,
): Promise<PolicyRunResult> {
    const pack = await (options.started ?? PolicyPackProcess.start({ packDir: options.packDir }));
    try {
        const description = await pack.describe();
        const config = resolvePolicyConfig(
            description,
            options.configFile,
            options.configSource,
            options.overrides?.(description),
        );
        await pack.configure(config);
        await pack.configureStack(options.stack);
        const perResource = await pack.analyzeAll(resources.filter(isAnalyzedByResourcePolicies));
        const stackWide = await pack.analyzeStack(resources);
        return {
            pack: description,
            config,
            diagnostics: [...perResource.flat(), ...stackWide],
            startupMs: pack.startupMs,
        };
    } finally {
        await pack.close();
    }
}
