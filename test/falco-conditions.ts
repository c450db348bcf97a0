/**
 * Reads Falco rule conditions far enough to say which macros and lists they name: a tokenizer
 * (quoted strings, fields with dots and `[arg]`, operators, parentheses) and a recursive-descent
 * parser over Falco's condition grammar (`and`, `or`, `not`, comparisons, value lists, field
 * transformers). Position decides what a bare word is: where an expression stands it is a macro;
 * after a comparison operator it is a literal; inside the value list of `in`, `intersects` or
 * `pmatch` it is a list name when one of that name is defined, a literal otherwise.
 */

/** What a condition names. */
export interface ConditionReferences {
    /** Words standing as expressions: macro references. */
    macros: string[];
    /** Unquoted identifiers inside value lists: list references, or bare literals. */
    listCandidates: string[];
}

/** A condition Falco would not parse, with the reason and the offending token. */
export class ConditionSyntaxError extends Error {}

type Token =
    | { kind: "lparen" | "rparen" | "comma"; text: string }
    | { kind: "op"; text: string }
    | { kind: "string"; text: string }
    | { kind: "word"; text: string };

const SYMBOL_OPERATORS = ["==", "!=", "<=", ">=", "=", "<", ">"];

const WORD_OPERATORS = new Set([
    "contains",
    "icontains",
    "bcontains",
    "startswith",
    "bstartswith",
    "endswith",
    "glob",
    "iglob",
    "regex",
]);

const LIST_OPERATORS = new Set(["in", "intersects", "pmatch"]);

const KEYWORDS = new Set(["and", "or", "not", "exists", ...WORD_OPERATORS, ...LIST_OPERATORS]);

/** Field transformers (`tolower(proc.name)`) and `val(field)` on the right of a comparison. */
const TRANSFORMERS = new Set(["tolower", "toupper", "b64", "basename", "len", "val"]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field: `class.name`, more dotted parts allowed, an optional `[argument]`. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+(\[[^\]]*\])?$/;

function tokenize(condition: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < condition.length) {
        const c = condition[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (c === "(" || c === ")" || c === ",") {
            tokens.push({ kind: c === "(" ? "lparen" : c === ")" ? "rparen" : "comma", text: c });
            i++;
            continue;
        }
        if (c === '"' || c === "'") {
            let j = i + 1;
            let text = "";
            while (j < condition.length && condition[j] !== c) {
                text += condition[j] === "\\" ? condition[++j] : condition[j];
                j++;
            }
            if (j >= condition.length) {
                throw new ConditionSyntaxError(`unterminated string starting at offset ${i}`);
            }
            tokens.push({ kind: "string", text });
            i = j + 1;
            continue;
        }
        const op = SYMBOL_OPERATORS.find((o) => condition.startsWith(o, i));
        if (op !== undefined) {
            tokens.push({ kind: "op", text: op });
            i += op.length;
            continue;
        }
        let j = i;
        while (j < condition.length) {
            const d = condition[j];
            if (
                /\s/.test(d) ||
                "(),\"'=<>".includes(d) ||
                (d === "!" && condition[j + 1] === "=")
            ) {
                break;
            }
            if (d === "[") {
                const close = condition.indexOf("]", j);
                if (close < 0) {
                    throw new ConditionSyntaxError(`unterminated field argument at offset ${j}`);
                }
                j = close + 1;
                continue;
            }
            j++;
        }
        tokens.push({ kind: "word", text: condition.slice(i, j) });
        i = j;
    }
    return tokens;
}

class Parser {
    private at = 0;
    readonly refs: ConditionReferences = { macros: [], listCandidates: [] };

    constructor(private readonly tokens: Token[]) {}

    parse(): ConditionReferences {
        this.expression();
        if (this.at < this.tokens.length) {
            throw new ConditionSyntaxError(`unexpected ${JSON.stringify(this.peek()?.text)}`);
        }
        return this.refs;
    }

    private peek(): Token | undefined {
        return this.tokens[this.at];
    }

    private next(what: string): Token {
        const token = this.tokens[this.at++];
        if (token === undefined) {
            throw new ConditionSyntaxError(`condition ends where ${what} was expected`);
        }
        return token;
    }

    private isWord(text: string): boolean {
        const token = this.peek();
        return token?.kind === "word" && token.text === text;
    }

    private expression(): void {
        this.conjunction();
        while (this.isWord("or")) {
            this.at++;
            this.conjunction();
        }
    }

    private conjunction(): void {
        this.negation();
        while (this.isWord("and")) {
            this.at++;
            this.negation();
        }
    }

    private negation(): void {
        if (this.isWord("not")) {
            this.at++;
            this.negation();
            return;
        }
        this.primary();
    }

    private primary(): void {
        const token = this.next("an expression");
        if (token.kind === "lparen") {
            this.expression();
            this.expect("rparen", "a closing parenthesis");
            return;
        }
        if (token.kind !== "word" || KEYWORDS.has(token.text)) {
            throw new ConditionSyntaxError(
                `expected an expression, found ${JSON.stringify(token.text)}`,
            );
        }
        if (TRANSFORMERS.has(token.text) && this.peek()?.kind === "lparen") {
            this.transformed(token.text);
            this.comparison(token.text);
            return;
        }
        if (FIELD.test(token.text)) {
            this.comparison(token.text);
            return;
        }
        if (!IDENTIFIER.test(token.text)) {
            throw new ConditionSyntaxError(
                `${JSON.stringify(token.text)} is neither a field nor a macro name`,
            );
        }
        this.refs.macros.push(token.text);
    }

    /** `transformer(field)`, the opening name already read. */
    private transformed(name: string): void {
        this.expect("lparen", `a parenthesis after ${name}`);
        const inner = this.next("a field");
        if (
            inner.kind === "word" &&
            TRANSFORMERS.has(inner.text) &&
            this.peek()?.kind === "lparen"
        ) {
            this.transformed(inner.text);
        } else if (inner.kind !== "word" || !FIELD.test(inner.text)) {
            throw new ConditionSyntaxError(
                `${name}() takes a field, found ${JSON.stringify(inner.text)}`,
            );
        }
        this.expect("rparen", `a closing parenthesis after ${name}(`);
    }

    private comparison(field: string): void {
        const op = this.next(`an operator after ${field}`);
        if (op.kind === "word" && op.text === "exists") {
            return;
        }
        if (op.kind === "word" && LIST_OPERATORS.has(op.text)) {
            this.valueList(op.text);
            return;
        }
        if (op.kind === "op" || (op.kind === "word" && WORD_OPERATORS.has(op.text))) {
            this.value(field, op.text);
            return;
        }
        throw new ConditionSyntaxError(
            `expected an operator after ${field}, found ${JSON.stringify(op.text)}`,
        );
    }

    private value(field: string, op: string): void {
        const token = this.next(`a value after ${field} ${op}`);
        if (token.kind === "string") {
            return;
        }
        if (
            token.kind === "word" &&
            TRANSFORMERS.has(token.text) &&
            this.peek()?.kind === "lparen"
        ) {
            this.transformed(token.text);
            return;
        }
        if (token.kind !== "word" || KEYWORDS.has(token.text)) {
            throw new ConditionSyntaxError(
                `expected a value after ${field} ${op}, found ${JSON.stringify(token.text)}`,
            );
        }
    }

    private valueList(op: string): void {
        this.expect("lparen", `a value list after ${op}`);
        if (this.peek()?.kind === "rparen") {
            this.at++;
            return;
        }
        for (;;) {
            const item = this.next(`a list item after ${op} (`);
            if (item.kind === "word" && IDENTIFIER.test(item.text) && !KEYWORDS.has(item.text)) {
                this.refs.listCandidates.push(item.text);
            } else if (item.kind !== "word" && item.kind !== "string") {
                throw new ConditionSyntaxError(
                    `expected a list item, found ${JSON.stringify(item.text)}`,
                );
            }
            const after = this.next("a comma or a closing parenthesis");
            if (after.kind === "rparen") {
                return;
            }
            if (after.kind !== "comma") {
                throw new ConditionSyntaxError(
                    `expected a comma in the value list, found ${JSON.stringify(after.text)}`,
                );
            }
        }
    }

    private expect(kind: Token["kind"], what: string): void {
        const token = this.next(what);
        if (token.kind !== kind) {
            throw new ConditionSyntaxError(`expected ${what}, found ${JSON.stringify(token.text)}`);
        }
    }
}

/** The macros and candidate lists a condition names; throws `ConditionSyntaxError` if malformed. */
export function conditionReferences(condition: string): ConditionReferences {
    return new Parser(tokenize(condition)).parse();
}

/** One Falco rules file's entries, read as data (any shape: unknown entries are kept aside). */
export interface RulesFileNames {
    lists: Map<string, unknown[]>;
    macros: Map<string, string>;
    rules: Map<string, string>;
    /** Entry kinds in file order, for definition-before-use checks: `macro:name`, `list:name`. */
    order: string[];
}

/** The lists, macros and rules of a parsed rules file (the YAML's top-level sequence). */
export function rulesFileNames(entries: unknown): RulesFileNames {
    const out: RulesFileNames = {
        lists: new Map(),
        macros: new Map(),
        rules: new Map(),
        order: [],
    };
    for (const entry of Array.isArray(entries) ? entries : []) {
        const e = (entry ?? {}) as Record<string, unknown>;
        if (typeof e.list === "string") {
            out.lists.set(e.list, Array.isArray(e.items) ? e.items : []);
            out.order.push(`list:${e.list}`);
        } else if (typeof e.macro === "string") {
            out.macros.set(e.macro, String(e.condition ?? ""));
            out.order.push(`macro:${e.macro}`);
        } else if (typeof e.rule === "string") {
            out.rules.set(e.rule, String(e.condition ?? ""));
            out.order.push(`rule:${e.rule}`);
        }
    }
    return out;
}

/** The names a ruleset beneath the custom rules defines (Falco's default rules). */
export interface DefinedNames {
    macros: Set<string>;
    lists: Set<string>;
}

/**
 * Every reference in the custom rules that nothing defines, as `macro <name> (in <where>)` or
 * `list <name> (in <where>)`. Custom conditions quote their literals, so every unquoted
 * identifier in one of their value lists must be a defined list. A name counts as defined by the
 * custom file only where its definition comes earlier in the file.
 */
export function undefinedReferences(custom: RulesFileNames, defaults: DefinedNames): string[] {
    const problems: string[] = [];
    const macros = new Set(defaults.macros);
    const lists = new Set(defaults.lists);
    const conditionOf = (entry: string): [string, string] | undefined => {
        const [kind, ...rest] = entry.split(":");
        const name = rest.join(":");
        if (kind === "macro") {
            return [`macro ${name}`, custom.macros.get(name) ?? ""];
        }
        if (kind === "rule") {
            return [`rule ${JSON.stringify(name)}`, custom.rules.get(name) ?? ""];
        }
        return undefined;
    };
    for (const entry of custom.order) {
        const found = conditionOf(entry);
        if (found !== undefined) {
            const [where, condition] = found;
            const refs = conditionReferences(condition);
            for (const macro of refs.macros) {
                if (!macros.has(macro)) {
                    problems.push(`macro ${macro} (in ${where})`);
                }
            }
            for (const list of refs.listCandidates) {
                if (!lists.has(list)) {
                    problems.push(`list ${list} (in ${where})`);
                }
            }
        }
        const [kind, ...rest] = entry.split(":");
        (kind === "macro" ? macros : kind === "list" ? lists : new Set<string>()).add(
            rest.join(":"),
        );
    }
    return problems;
}
