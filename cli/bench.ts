/**
 * The benchmark: every figure a ratio of two things measured side by side in one run, since these
 * machines are noisy. Not a timed test: it reports, and says whether each ratio is within budget.
 *
 *   npm run bench -- [--runs N] [--resources N] [--json]
 *
 * 1. Pack start-up (spawn to port) against an empty pack on the same @pulumi/policy (<= 1.25x).
 * 2. Analyze of N pod-bearing resources through the protocol against the empty pack (<= 1.5x).
 * 3. Offline preview of 10 and of 100 tenants: the cost beyond start-up (program run plus
 *    analysis) of 100 tenants within 11x of 10 tenants.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";

import { runCommand } from "./command";
import { AnalyzedResource, PolicyPackProcess } from "./analyzer-client";
import { readPolicyConfigFile, resolvePolicyConfig } from "./policy-config";
import { ROOT, runTool } from "./tool-process";

const BENCH_DIR = path.join(ROOT, "out", "bench");

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Writes an empty policy pack beside the real one, made the same way (the same entry loader and
 * tsconfig), so that the comparison isolates what the pack's own policies cost.
 */
function writeEmptyPack(): string {
    const dir = path.join(BENCH_DIR, "empty-pack");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, "PulumiPolicy.yaml"),
        "runtime: nodejs\ndescription: An empty pack to compare against.\n",
    );
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "empty-pack", version: "0.0.1", main: "main.js" }, null, 2),
    );
    for (const file of ["tsconfig.json", "main.js"]) {
        fs.copyFileSync(path.join(ROOT, "policypack", file), path.join(dir, file));
    }
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        'import { PolicyPack } from "@pulumi/policy";\n\nnew PolicyPack("empty-pack", { policies: [] });\n',
    );
    return dir;
}

/** A pod-bearing resource of the kind the baseline's tenants run, varied by index. */
export function podResource(i: number): AnalyzedResource {
    const kinds = [
        ["apps/v1", "Deployment"],
        ["apps/v1", "StatefulSet"],
        ["batch/v1", "Job"],
        ["apps/v1", "DaemonSet"],
    ];
    const [apiVersion, kind] = kinds[i % kinds.length];
    const name = `workload-${i}`;
    const template = {
        metadata: { labels: { "app.kubernetes.io/name": name } },
        spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: {
                runAsNonRoot: true,
                runAsUser: 65532,
                runAsGroup: 65532,
                seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
                {
                    name: "app",
                    image: `ghcr.io/ohlcv/app@sha256:${"a".repeat(64)}`,
                    ports: [{ containerPort: 8080 }],
                    env: [{ name: "MODE", value: i % 2 ? "serve" : "index" }],
                    resources: {
                        requests: { cpu: "100m", memory: "128Mi" },
                        limits: { cpu: "500m", memory: "512Mi" },
                    },
                    securityContext: {
                        allowPrivilegeEscalation: false,
                        readOnlyRootFilesystem: true,
                        capabilities: { drop: ["ALL"] },
                    },
                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
            ],
            volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }],
        },
    };
    const spec =
        kind === "Job"
            ? { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } }
            : { selector: { matchLabels: template.metadata.labels }, template };
    const type = `kubernetes:${apiVersion}:${kind}`;
    return {
        urn: `urn:pulumi:bench::bench::${type}::${name}`,
        type,
        name,
        properties: { apiVersion, kind, metadata: { name, namespace: `tenant-${i % 50}` }, spec },
        options: { protect: false, deleteBeforeReplace: false, parent: "" },
        parent: "",
        dependencies: [],
        propertyDependencies: {},
    };
}

async function timeStartup(packDir: string): Promise<number> {
    const pack = await PolicyPackProcess.start({ packDir });
    const ms = pack.startupMs;
    await pack.close();
    return ms;
}

async function timeAnalyze(packDir: string, resources: AnalyzedResource[]): Promise<number> {
    const pack = await PolicyPackProcess.start({ packDir });
    try {
        const description = await pack.describe();
        const configFile = path.join(packDir, "config", "prod.json");
        const config = resolvePolicyConfig(
            description,
            fs.existsSync(configFile) ? readPolicyConfigFile(configFile) : {},
            configFile,
        );
        await pack.configure(config);
        await pack.analyzeAll(resources.slice(0, 200));
        const start = performance.now();
        await pack.analyzeAll(resources);
        return performance.now() - start;
    } finally {
        await pack.close();
    }
}

/** Writes a stack config with `count` tenants cloned from the dev stack's first tenant. */
function writeTenantsConfig(count: number): string {
    const dev = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
    const key = Object.keys(dev.config).find((k) => k.endsWith(":tenants"))!;
    const first = dev.config[key][0];
    dev.config[key] = Array.from({ length: count }, (_, i) => ({
        ...first,
        name: `${first.name}-${i}`,
        namespace: `${first.namespace}-${i}`,
    }));
    const file = path.join(BENCH_DIR, `tenants-${count}.yaml`);
    fs.writeFileSync(file, YAML.stringify(dev));
    return file;
}

function timePreview(configFile: string): { costMs: number; resources: number } {
    const run = runTool("preview", ["--stack", "dev", "--config-file", configFile, "--json"]);
    if (run.status !== 0 && run.status !== 1) {
        throw new Error(`preview of ${configFile} failed (exit ${run.status}): ${run.stderr}`);
    }
    const summary = JSON.parse(run.stdout);
    return {
        costMs: summary.timings.programMs + summary.timings.analyzeMs,
        resources: summary.resources.length,
    };
}

interface Figure {
    name: string;
    measured: string;
    ratio: number;
    budget: number;
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: {
            runs: { type: "string", default: "5" },
            resources: { type: "string", default: "10000" },
            json: { type: "boolean", default: false },
        },
    });
    const runs = Number(values.runs);
    const count = Number(values.resources);
    const packDir = path.join(ROOT, "policypack");
    const emptyDir = writeEmptyPack();
    const figures: Figure[] = [];

    const ours: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < runs; i++) {
        // Alternate, so that drift in the machine's load falls on both sides alike.
        ours.push(await timeStartup(packDir));
        empty.push(await timeStartup(emptyDir));
    }
    figures.push({
        name: "pack start-up (spawn to port)",
        measured: `median ${median(ours).toFixed(0)} ms vs empty pack ${median(empty).toFixed(0)} ms over ${runs} runs each`,
        ratio: median(ours) / median(empty),
        budget: 1.25,
    });

    const resources = Array.from({ length: count }, (_, i) => podResource(i));
    const oursAnalyze: number[] = [];
    const emptyAnalyze: number[] = [];
    for (let i = 0; i < Math.max(1, Math.min(runs, 3)); i++) {
        oursAnalyze.push(await timeAnalyze(packDir, resources));
        emptyAnalyze.push(await timeAnalyze(emptyDir, resources));
    }
    figures.push({
        name: `Analyze of ${count} pod-bearing resources`,
        measured: `median ${median(oursAnalyze).toFixed(0)} ms vs empty pack ${median(emptyAnalyze).toFixed(0)} ms`,
        ratio: median(oursAnalyze) / median(emptyAnalyze),
        budget: 1.5,
    });

    const ten = writeTenantsConfig(10);
    const hundred = writeTenantsConfig(100);
    const tenRuns: number[] = [];
    const hundredRuns: number[] = [];
    let sizes = "";
    for (let i = 0; i < Math.max(1, Math.min(runs, 3)); i++) {
        const a = timePreview(ten);
        const b = timePreview(hundred);
        tenRuns.push(a.costMs);
        hundredRuns.push(b.costMs);
        sizes = `${a.resources} and ${b.resources} resources`;
    }
    figures.push({
        name: "offline preview, 100 vs 10 tenants (beyond start-up)",
        measured: `median ${median(hundredRuns).toFixed(0)} ms vs ${median(tenRuns).toFixed(0)} ms (${sizes})`,
        ratio: median(hundredRuns) / median(tenRuns),
        budget: 11,
    });

    if (values.json) {
        process.stdout.write(JSON.stringify(figures, null, 2) + "\n");
    } else {
        for (const f of figures) {
            const verdict = f.ratio <= f.budget ? "within" : "OVER";
            process.stdout.write(
                `${f.name}: ${f.ratio.toFixed(2)}x (${verdict} ${f.budget}x): ${f.measured}\n`,
            );
        }
    }
    return 0;
}

if (require.main === module) {
    runCommand("benchmark", main);
}
