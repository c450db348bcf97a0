/**
 * What `--out DIR` writes: `resources.json` (every resource with its URN, type, name, parent,
 * dependencies, provider, options and inputs), `outputs.json` (the stack outputs, readable by a
 * later preview of a stack that references this one) and `manifests/` (each Kubernetes object as
 * YAML). Secrets are masked everywhere.
 */
import * as fs from "fs";
import * as path from "path";

import type { Violation } from "./report";
import type { ProgramRun } from "./mock-runtime";
import { isKubernetesObject, writeManifests } from "./manifests";
import { displayable } from "./wire-values";

/** Writes the preview's files to `dir`. */
export function writeOutputs(
    dir: string,
    result: { project: string; stack: string; run: ProgramRun; violations: Violation[] },
    stackReference: string,
): void {
    fs.mkdirSync(dir, { recursive: true });
    const resources = result.run.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        provider: r.provider || "default",
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        deleteBeforeReplace: r.deleteBeforeReplace,
        inputs: displayable(r.inputs),
    }));
    fs.writeFileSync(
        path.join(dir, "resources.json"),
        JSON.stringify({ project: result.project, stack: result.stack, resources }, null, 2) + "\n",
    );
    fs.writeFileSync(
        path.join(dir, "outputs.json"),
        JSON.stringify({ stackReference, outputs: displayable(result.run.outputs) }, null, 2) +
            "\n",
    );
    const manifestsDir = path.join(dir, "manifests");
    fs.rmSync(manifestsDir, { recursive: true, force: true });
    writeManifests(
        manifestsDir,
        resources
            .filter(
                (r) => r.custom && isKubernetesObject(r.type, r.inputs as Record<string, unknown>),
            )
            .map((r) => r.inputs as Record<string, unknown>),
    );
}
