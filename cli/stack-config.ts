/**
 * A stack's config as the Pulumi CLI hands it to the program: the project's declared defaults
 * (`Pulumi.yaml` `config:`) overlaid by the stack file (`Pulumi.<stack>.yaml` `config:`), every key
 * namespaced (`<project>:<key>`), every value a string (objects and arrays as JSON).
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** A project or stack file that cannot be used; the message names the file and the key. */
export class StackConfigError extends Error {}

/** The project file's parts the preview needs. */
export interface ProjectFile {
    name: string;
    /** Declared defaults, by namespaced key. */
    defaults: Record<string, unknown>;
}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new StackConfigError(`${file}: cannot be read (does it exist?)`);
    }
    let doc: unknown;
    try {
        doc = YAML.parse(text);
    } catch (err) {
        throw new StackConfigError(
            `${file}: not valid YAML (${(err as Error).message.split("\n")[0]})`,
        );
    }
    if (doc === null || doc === undefined) {
        return {};
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new StackConfigError(`${file}: expected a YAML mapping at the top`);
    }
    return doc as Record<string, unknown>;
}

function namespaced(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Reads `Pulumi.yaml` in `dir`. */
export function readProjectFile(dir: string): ProjectFile {
    const file = path.join(dir, "Pulumi.yaml");
    const doc = readYaml(file);
    if (typeof doc.name !== "string" || doc.name === "") {
        throw new StackConfigError(`${file}: name: expected the project name`);
    }
    const defaults: Record<string, unknown> = {};
    const config = (doc.config ?? {}) as Record<string, unknown>;
    for (const [key, declaration] of Object.entries(config)) {
        if (declaration !== null && typeof declaration === "object" && "default" in declaration) {
            defaults[namespaced(doc.name, key)] = (declaration as { default: unknown }).default;
        } else if (declaration === null || typeof declaration !== "object") {
            // A bare value in the project file is that key's value for every stack.
            defaults[namespaced(doc.name, key)] = declaration;
        }
    }
    return { name: doc.name, defaults };
}

function asConfigString(value: unknown, file: string, key: string): string {
    if (typeof value === "string") {
        return value;
    }
    try {
        return JSON.stringify(value);
    } catch (err) {
        throw new StackConfigError(
            `${file}: ${key}: cannot be used as config (${(err as Error).message.split("\n")[0]})`,
        );
    }
}

/** The path within a value to an encrypted secret (`{secure: ...}`), if it holds one. */
function securePath(value: unknown, at: string, seen = new Set<unknown>()): string | undefined {
    if (value === null || typeof value !== "object" || seen.has(value)) {
        return undefined;
    }
    seen.add(value);
    if (!Array.isArray(value) && "secure" in (value as object)) {
        return at;
    }
    for (const [key, inner] of Object.entries(value as object)) {
        const found = securePath(
            inner,
            Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`,
            seen,
        );
        if (found) {
            return found;
        }
    }
    return undefined;
}

/** The config map a program sees for `stack` of the project in `dir`. */
export function readStackConfig(
    dir: string,
    stack: string,
    configFile?: string,
): { project: ProjectFile; config: Record<string, string> } {
    const project = readProjectFile(dir);
    const file = configFile ?? path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const stacks = fs
            .readdirSync(dir)
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined);
        throw new StackConfigError(
            `stack "${stack}": ${file} does not exist; stacks of this project: ${stacks.join(", ") || "none"}`,
        );
    }
    const doc = readYaml(file);
    const values = (doc.config ?? {}) as Record<string, unknown>;
    if (typeof values !== "object" || Array.isArray(values)) {
        throw new StackConfigError(`${file}: config: expected a mapping of keys to values`);
    }
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(project.defaults)) {
        config[key] = asConfigString(value, path.join(dir, "Pulumi.yaml"), key);
    }
    for (const [key, value] of Object.entries(values)) {
        const secure = securePath(value, key);
        if (secure) {
            throw new StackConfigError(
                `${file}: ${secure}: is an encrypted secret; the offline preview cannot decrypt it ` +
                    "(run `pulumi preview` for stacks with secrets in config)",
            );
        }
        config[namespaced(project.name, key)] = asConfigString(value, file, key);
    }
    return { project, config };
}
