/**
 * Kubernetes manifests in and out: YAML or JSON files (multi-document) read as objects with their
 * Pulumi type token, for the scan; Kubernetes objects of a preview written out as YAML files.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** A manifest file or document that cannot be used; the message names the file. */
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

/**
 * Expands files and folders to the manifest files they hold (`.yaml`, `.yml`, `.json`), sorted; a
 * missing path is an error. Links are followed, but a folder is walked once however many links
 * lead to it, and an entry that cannot be read is still listed, for its reader to report.
 */
export function yamlFilesOf(paths: string[]): string[] {
    const files: string[] = [];
    const walked = new Set<string>();
    const walk = (p: string) => {
        let stat: fs.Stats;
        try {
            stat = fs.statSync(p);
        } catch {
            files.push(p);
            return;
        }
        if (stat.isDirectory()) {
            const real = fs.realpathSync(p);
            if (walked.has(real)) {
                return;
            }
            walked.add(real);
            for (const entry of fs.readdirSync(p).sort()) {
                walk(path.join(p, entry));
            }
        } else if (/\.(ya?ml|json)$/i.test(p)) {
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

function firstLine(err: unknown): string {
    return (err instanceof Error ? err.message : String(err)).split("\n")[0];
}

function objectsOfDocument(
    file: string,
    doc: YAML.Document.Parsed,
    index: number,
): ManifestObject[] {
    const where = `${file}: document ${index + 1}`;
    if (doc.errors.length > 0) {
        throw new ManifestError(`${where} is not valid YAML: ${firstLine(doc.errors[0])}`);
    }
    let value: unknown;
    try {
        // An alias to nothing, or aliases that multiply without end, fail here.
        value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
        throw new ManifestError(`${where} cannot be read: ${firstLine(err)}`);
    }
    if (value === null || value === undefined) {
        return [];
    }
    const objects = objectsOf(value);
    if (objects.length === 0) {
        const found = Array.isArray(value) ? "a list" : typeof value;
        throw new ManifestError(
            `${where} is not a Kubernetes object (found ${found}; expected a mapping with apiVersion and kind)`,
        );
    }
    return objects.map((obj) => {
        if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
            throw new ManifestError(
                `${where} is not a Kubernetes object (no apiVersion and kind strings)`,
            );
        }
        const metadata = (obj.metadata ?? {}) as Record<string, unknown>;
        return {
            file,
            document: index + 1,
            type: typeTokenOf(obj.apiVersion, obj.kind),
            kind: obj.kind,
            name:
                typeof metadata.name === "string"
                    ? metadata.name
                    : `${obj.kind.toLowerCase()}-${index + 1}`,
            namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
            object: obj,
        };
    });
}

/**
 * Reads every Kubernetes object of one file, with a ManifestError for each document that is not
 * one (or for the file, when it cannot be read), so that one bad document costs only itself.
 */
export function readManifestDocuments(file: string): {
    objects: ManifestObject[];
    errors: ManifestError[];
} {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "error";
        return { objects: [], errors: [new ManifestError(`${file}: cannot be read (${code})`)] };
    }
    let docs: YAML.Document.Parsed[];
    try {
        docs = YAML.parseAllDocuments(text) as YAML.Document.Parsed[];
    } catch (err) {
        return {
            objects: [],
            errors: [new ManifestError(`${file}: not valid YAML (${firstLine(err)})`)],
        };
    }
    const objects: ManifestObject[] = [];
    const errors: ManifestError[] = [];
    (Array.isArray(docs) ? docs : [docs]).forEach((doc, i) => {
        try {
            objects.push(...objectsOfDocument(file, doc, i));
        } catch (err) {
            if (!(err instanceof ManifestError)) {
                throw err;
            }
            errors.push(err);
        }
    });
    return { objects, errors };
}

/** Reads every Kubernetes object of one file; throws the first problem as a ManifestError. */
export function readManifestFile(file: string): ManifestObject[] {
    const { objects, errors } = readManifestDocuments(file);
    if (errors.length > 0) {
        throw errors[0];
    }
    return objects;
}

/** True for inputs that are a Kubernetes object (as opposed to a Helm release or a component). */
export function isKubernetesObject(type: string, inputs: Record<string, unknown>): boolean {
    return (
        type.startsWith("kubernetes:") &&
        typeof inputs.apiVersion === "string" &&
        typeof inputs.kind === "string"
    );
}

/**
 * One path segment made from a name: letters, digits, '.', '-' and '_' only, never starting with
 * a dot, so that no object's name or namespace can lead a file outside the folder.
 */
function segment(name: string): string {
    const safe = name.replace(/[^a-z0-9._-]+/gi, "_").replace(/^\.+/, "_");
    return safe === "" ? "_" : safe;
}

/** Writes objects as YAML files under `dir`, one file each, named by namespace, kind and name. */
export function writeManifests(dir: string, objects: Record<string, unknown>[]): string[] {
    const written: string[] = [];
    const used = new Set<string>();
    for (const obj of objects) {
        const metadata = (obj.metadata ?? {}) as Record<string, unknown>;
        const namespace = segment(
            typeof metadata.namespace === "string" ? metadata.namespace : "_cluster",
        );
        const base = segment(
            `${String(obj.kind).toLowerCase()}-${String(metadata.name ?? "unnamed")}`,
        );
        let file = path.join(dir, namespace, `${base}.yaml`);
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
