/**
 * Reads the text of a Vault ACL policy into its path rules: `path "<glob>" { capabilities =
 * [...] }` blocks in HCL, the older `policy = "<read|write|sudo|deny>"` form, and Vault's JSON
 * form. A small reader of its own rather than an HCL library: the pack must start fast and stay
 * synchronous (`@cdktf/hcl2json` loads a WebAssembly HCL parser and is async), and a policy
 * needs only a small part of HCL. It handles `#`, `//` and `/* *\/` comments, quoted strings
 * with escapes, heredocs, lists, nested blocks and the object form `path = { "<glob>" = {...} }`,
 * and reports text it cannot read instead of guessing.
 */

/** One path rule of a policy. */
export interface VaultPathRule {
    /** The path glob (`secret/data/ohlcv-rag/*`). */
    path: string;
    /** Its capabilities, with the legacy `policy = ...` form expanded to them. */
    capabilities: string[];
    /** The line of the rule in the text, from 1. */
    line: number;
}

/**
 * The path a rule matches requests against. Vault strips one leading `/` from a policy path
 * (request paths start after the API's `/v1/`), so `path "/*"` grants what `path "*"` does.
 */
export function matchedPath(rule: VaultPathRule): string {
    return rule.path.startsWith("/") ? rule.path.slice(1) : rule.path;
}

/** The policy's rules, or what stops the text from being read. */
export type VaultPolicyReading = { rules: VaultPathRule[] } | { problem: string };

/** What the legacy `policy = "<value>"` form grants, in capabilities. */
const LEGACY_POLICY: Record<string, string[]> = {
    deny: ["deny"],
    read: ["read", "list"],
    write: ["create", "read", "update", "delete", "list"],
    sudo: ["create", "read", "update", "delete", "list", "sudo"],
};

type Token = { kind: "string" | "word" | "punct"; text: string; line: number };

type Value =
    | { kind: "string"; text: string; line: number }
    | { kind: "list"; items: Value[]; line: number }
    | { kind: "object"; entries: Entry[]; line: number };

interface Entry {
    key: string;
    labels: string[];
    value: Value;
    line: number;
}

class ReadError extends Error {}

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    let line = 1;
    while (i < text.length) {
        const c = text[i];
        if (c === "\n") {
            line++;
            i++;
        } else if (/\s/.test(c)) {
            i++;
        } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
            while (i < text.length && text[i] !== "\n") {
                i++;
            }
        } else if (c === "/" && text[i + 1] === "*") {
            const end = text.indexOf("*/", i + 2);
            if (end < 0) {
                throw new ReadError(`unterminated /* comment at line ${line}`);
            }
            line += (text.slice(i, end).match(/\n/g) ?? []).length;
            i = end + 2;
        } else if (c === '"') {
            const start = line;
            let value = "";
            i++;
            while (i < text.length && text[i] !== '"') {
                if (text[i] === "\n") {
                    throw new ReadError(`unterminated string at line ${start}`);
                }
                if (text[i] === "\\") {
                    const escaped = text[i + 1];
                    value += escaped === "n" ? "\n" : escaped === "t" ? "\t" : (escaped ?? "");
                    i += 2;
                    continue;
                }
                value += text[i++];
            }
            if (i >= text.length) {
                throw new ReadError(`unterminated string at line ${start}`);
            }
            i++;
            tokens.push({ kind: "string", text: value, line: start });
        } else if (c === "<" && text[i + 1] === "<") {
            const match = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i));
            if (match === null) {
                throw new ReadError(`malformed heredoc at line ${line}`);
            }
            const start = line;
            const headerEnd = i + match[0].length;
            const lines = text.slice(headerEnd).split("\n");
            const last = lines.findIndex((l) => l.trim() === match[1]);
            if (last < 0) {
                throw new ReadError(`heredoc ${match[1]} from line ${start} never ends`);
            }
            i = headerEnd + lines.slice(0, last + 1).join("\n").length;
            line += last + 1;
            tokens.push({ kind: "string", text: lines.slice(0, last).join("\n"), line: start });
        } else if ("{}[]=,:".includes(c)) {
            tokens.push({ kind: "punct", text: c, line });
            i++;
        } else if (/[A-Za-z0-9_.\-+*/]/.test(c)) {
            let j = i;
            while (j < text.length && /[A-Za-z0-9_.\-+*/]/.test(text[j])) {
                j++;
            }
            tokens.push({ kind: "word", text: text.slice(i, j), line });
            i = j;
        } else {
            throw new ReadError(`unexpected character ${JSON.stringify(c)} at line ${line}`);
        }
    }
    return tokens;
}

class Parser {
    private at = 0;

    constructor(private readonly tokens: Token[]) {}

    body(closing?: string): Entry[] {
        const entries: Entry[] = [];
        for (;;) {
            const token = this.tokens[this.at];
            if (token === undefined) {
                if (closing !== undefined) {
                    throw new ReadError(`missing "${closing}" at the end of the text`);
                }
                return entries;
            }
            if (token.kind === "punct" && token.text === closing) {
                this.at++;
                return entries;
            }
            if (token.kind === "punct" && token.text === ",") {
                this.at++;
                continue;
            }
            entries.push(this.entry());
        }
    }

    private entry(): Entry {
        const key = this.tokens[this.at++];
        if (key.kind === "punct") {
            throw new ReadError(`expected a name at line ${key.line}, found "${key.text}"`);
        }
        const labels: string[] = [];
        for (;;) {
            const next = this.tokens[this.at];
            if (next === undefined) {
                throw new ReadError(`"${key.text}" at line ${key.line} has no value`);
            }
            if (next.kind === "punct" && (next.text === "=" || next.text === ":")) {
                this.at++;
                return { key: key.text, labels, value: this.value(), line: key.line };
            }
            if (next.kind === "punct" && next.text === "{") {
                this.at++;
                const entries = this.body("}");
                return {
                    key: key.text,
                    labels,
                    value: { kind: "object", entries, line: next.line },
                    line: key.line,
                };
            }
            if (next.kind === "string" || next.kind === "word") {
                labels.push(next.text);
                this.at++;
                continue;
            }
            throw new ReadError(`unexpected "${next.text}" at line ${next.line}`);
        }
    }

    private value(): Value {
        const token = this.tokens[this.at++];
        if (token === undefined) {
            throw new ReadError("the text ends where a value was expected");
        }
        if (token.kind === "string" || token.kind === "word") {
            return { kind: "string", text: token.text, line: token.line };
        }
        if (token.text === "{") {
            return { kind: "object", entries: this.body("}"), line: token.line };
        }
        if (token.text === "[") {
            const items: Value[] = [];
            for (;;) {
                const next = this.tokens[this.at];
                if (next === undefined) {
                    throw new ReadError(`the list from line ${token.line} is never closed`);
                }
                if (next.kind === "punct" && next.text === "]") {
                    this.at++;
                    return { kind: "list", items, line: token.line };
                }
                if (next.kind === "punct" && next.text === ",") {
                    this.at++;
                    continue;
                }
                items.push(this.value());
            }
        }
        throw new ReadError(`unexpected "${token.text}" at line ${token.line}`);
    }
}

function capabilitiesOf(entries: Entry[], path: string): string[] {
    const capabilities: string[] = [];
    for (const entry of entries) {
        if (entry.key === "capabilities") {
            if (entry.value.kind !== "list") {
                throw new ReadError(
                    `capabilities of path "${path}" at line ${entry.line} is not a list`,
                );
            }
            for (const item of entry.value.items) {
                if (item.kind !== "string") {
                    throw new ReadError(
                        `capabilities of path "${path}" at line ${entry.line} holds a non-string`,
                    );
                }
                capabilities.push(item.text);
            }
        } else if (entry.key === "policy" && entry.value.kind === "string") {
            const legacy = LEGACY_POLICY[entry.value.text];
            if (legacy === undefined) {
                throw new ReadError(
                    `policy = "${entry.value.text}" of path "${path}" at line ${entry.line} is not deny, read, write or sudo`,
                );
            }
            capabilities.push(...legacy);
        }
    }
    return capabilities;
}

function rulesOf(entries: Entry[]): VaultPathRule[] {
    const rules: VaultPathRule[] = [];
    for (const entry of entries) {
        if (entry.key !== "path") {
            continue;
        }
        if (entry.labels.length === 1 && entry.value.kind === "object") {
            const path = entry.labels[0];
            rules.push({
                path,
                capabilities: capabilitiesOf(entry.value.entries, path),
                line: entry.line,
            });
        } else if (entry.labels.length === 0 && entry.value.kind === "object") {
            for (const inner of entry.value.entries) {
                if (inner.value.kind !== "object" || inner.labels.length > 0) {
                    throw new ReadError(`path "${inner.key}" at line ${inner.line} is not a block`);
                }
                rules.push({
                    path: inner.key,
                    capabilities: capabilitiesOf(inner.value.entries, inner.key),
                    line: inner.line,
                });
            }
        } else {
            throw new ReadError(
                `path at line ${entry.line} is neither path "<glob>" { ... } nor path = { ... }`,
            );
        }
    }
    return rules;
}

/** The JSON form: `{ "path": { "<glob>": { "capabilities": [...] } } }`. */
function rulesOfJson(text: string): VaultPathRule[] {
    const parsed = JSON.parse(text) as unknown;
    const paths = (parsed as Record<string, unknown> | null)?.path;
    if (paths === undefined) {
        return [];
    }
    if (paths === null || typeof paths !== "object" || Array.isArray(paths)) {
        throw new ReadError("path in the JSON policy is not an object");
    }
    const rules: VaultPathRule[] = [];
    for (const [path, body] of Object.entries(paths as Record<string, unknown>)) {
        const blocks = Array.isArray(body) ? body : [body];
        for (const block of blocks) {
            const b = (block ?? {}) as Record<string, unknown>;
            const caps = Array.isArray(b.capabilities) ? b.capabilities.map(String) : [];
            const legacy = typeof b.policy === "string" ? (LEGACY_POLICY[b.policy] ?? []) : [];
            rules.push({ path, capabilities: [...caps, ...legacy], line: 1 });
        }
    }
    return rules;
}

/** The rules of a policy text, or why it cannot be read. Never throws. */
export function readVaultPolicy(text: unknown): VaultPolicyReading {
    if (typeof text !== "string") {
        return { problem: "the policy is not a string" };
    }
    try {
        if (text.trimStart().startsWith("{")) {
            return { rules: rulesOfJson(text) };
        }
        return { rules: rulesOf(new Parser(tokenize(text)).body()) };
    } catch (error) {
        return { problem: error instanceof Error ? error.message : String(error) };
    }
}
