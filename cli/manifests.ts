/**
 * Kubernetes manifests in and out: YAML files (multi-document) read as objects with their Pulumi
 * type token, for the scan; Kubernetes objects of a preview written out as YAML files.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** A manifest file that cannot be used; the message names the file. */
export class ManifestError extends Error {}

/** One Kubernetes object read from a file. */
export interface ManifestObject {
    file: string;
    /** 1-based index of the YAML document within the file. */
    document: number;
    type: string;
    kind: string;
    name: string;
    namespace?: string;
    object: Record<string, unknown>;
}

/** The Pulumi type token of a Kubernetes object: `apps/v1` `Deployment` -> `kubernetes:apps/v1:Deployment`. */
export function typeTokenOf(apiVersion: string, kind: string): string {
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "core" : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return `kubernetes:${group}/${version}:${kind}`;
}

/** Expands files and folders to the YAML files they hold, sorted; a missing path is an error. */
export function yamlFilesOf(paths: string[]): string[] {
    const files: string[] = [];
    const walk = (p: string) => {
        const stat = fs.statSync(p);
        if (stat.isDirectory()) {
            for (const entry of fs.readdirSync(p).sort()) {
                walk(path.join(p, entry));
            }
        } else if (/\.ya?ml$/i.test(p)) {
            files.push(p);
        }
    };
    for (const p of paths) {
        if (!fs.existsSync(p)) {
            throw new ManifestError(`${p}: no such file or folder`);
        }
        if (fs.statSync(p).isFile()) {
            files.push(p);
        } else {
            walk(p);
        }
    }
    return files;
}

function objectsOf(value: unknown): Record<string, unknown>[] {
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const obj = value as Record<string, unknown>;
        // A `kind: List` (as `kubectl get -o yaml` prints) holds its objects in `items`.
        if (typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items)) {
            return obj.items.flatMap(objectsOf);
        }
        return [obj];
    }
    return [];
}

/**
 * Reads every Kubernetes object of one YAML file. Throws a ManifestError naming the file (and
 * document) when it is not YAML or holds something that is not a Kubernetes object.
 */
export function readManifestFile(file: string): ManifestObject[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ManifestError(`${file}: cannot be read`);
    }
    const docs = YAML.parseAllDocuments(text);
    const result: ManifestObject[] = [];
    docs.forEach((doc, i) => {
        if (doc.errors.length > 0) {
            throw new ManifestError(
                `${file}: document ${i + 1} is not valid YAML: ${doc.errors[0].message.split("\n")[0]}`,
            );
        }
        const value = doc.toJS();
        if (value === null || value === undefined) {
            return;
        }
        const objects = objectsOf(value);
        if (objects.length === 0) {
            throw new ManifestError(
                `${file}: document ${i + 1} is not a Kubernetes object (found ${Array.isArray(value) ? "a list" : typeof value}; expected a mapping with apiVersion and kind)`,
            );
        }
        for (const obj of objects) {
            if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
                throw new ManifestError(
                    `${file}: document ${i + 1} is not a Kubernetes object (no apiVersion and kind)`,
                );
            }
            const metadata = (obj.metadata ?? {}) as Record<string, unknown>;
            result.push({
                file,
                document: i + 1,
                type: typeTokenOf(obj.apiVersion, obj.kind),
                kind: obj.kind,
                name:
                    typeof metadata.name === "string"
                        ? metadata.name
                        : `${obj.kind.toLowerCase()}-${i + 1}`,
                namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
                object: obj,
            });
        }
    });
    return result;
}

/** True for inputs that are a Kubernetes object (as opposed to a Helm release or a component). */
export function isKubernetesObject(type: string, inputs: Record<string, unknown>): boolean {
    return (
        type.startsWith("kubernetes:") &&
        typeof inputs.apiVersion === "string" &&
        typeof inputs.kind === "string"
    );
}

/** Writes objects as YAML files under `dir`, one file each, named by namespace, kind and name. */
export function writeManifests(dir: string, objects: Record<string, unknown>[]): string[] {
    const written: string[] = [];
    const used = new Set<string>();
    for (const obj of objects) {
        const metadata = (obj.metadata ?? {}) as Record<string, unknown>;
        const namespace = typeof metadata.namespace === "string" ? metadata.namespace : "_cluster";
        const base =
            `${String(obj.kind).toLowerCase()}-${String(metadata.name ?? "unnamed")}`.replace(
                /[^a-z0-9.-]+/gi,
                "_",
            );
        let file = path.join(dir, namespace.replace(/[^a-z0-9.-]+/gi, "_"), `${base}.yaml`);
        for (let n = 2; used.has(file); n++) {
            file = path.join(dir, namespace, `${base}-${n}.yaml`);
        }
        used.add(file);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, YAML.stringify(obj, { lineWidth: 0 }));
        written.push(file);
    }
    return written;
}
