import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

import {
    checkFalcoRuleLists,
    CUSTOM_RULES_FILE,
    falcoRulesEntries,
    type FalcoRuleLists,
    renderFalcoRules,
} from "../components/falco-rules";
import { falcoChartValues } from "../components/runtime-detection";
import {
    conditionReferences,
    ConditionSyntaxError,
    type DefinedNames,
    rulesFileNames,
    undefinedReferences,
} from "./falco-conditions";

const FIXTURES = path.join(__dirname, "fixtures", "falco");

function readFixture(file: string): any {
    return YAML.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8"));
}

const definitions = readFixture("falco-rules-5.1.0.definitions.yaml");
const DEFAULTS: DefinedNames = {
    macros: new Set(Object.keys(definitions.macros)),
    lists: new Set(definitions.lists),
};
const CHART_VALUES = readFixture("falco-chart-9.1.0.values.yaml");

const LISTS: FalcoRuleLists = {
    monitoredNamespaces: ["ohlcv-system"],
    allowedImages: ["docker.io/envoyproxy/envoy"],
    allowedIps: ["203.0.113.10"],
    allowedNetworks: ["100.64.0.0/10", "fd00::/8"],
    debugImages: ["docker.io/library/busybox"],
    shellImages: ["docker.io/hashicorp/vault"],
};

function customRules(lists: FalcoRuleLists = LISTS) {
    return rulesFileNames(YAML.parse(renderFalcoRules(falcoRulesEntries(lists))));
}

/** Every path from the root to a leaf of a values object: arrays and empty maps are leaves. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return [prefix];
    }
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
        ? [prefix]
        : entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

/**
 * Where a values path leaves the chart's values: undefined when every key exists. Below a key
 * whose chart value is an empty map (`customRules: {}`, `podLabels: {}`), any key is the user's.
 */
function unknownValuesKey(chart: unknown, keys: string[]): string | undefined {
    let node = chart as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
        if (node === null || typeof node !== "object" || Array.isArray(node)) {
            return keys.slice(0, i + 1).join(".");
        }
        if (Object.keys(node).length === 0) {
            return undefined;
        }
        if (!(keys[i] in node)) {
            return keys.slice(0, i + 1).join(".");
        }
        node = node[keys[i]] as Record<string, unknown>;
    }
    return undefined;
}

describe("the Falco condition reader", () => {
    it("parses every macro condition of the default ruleset and resolves their macros", () => {
        for (const [name, condition] of Object.entries<string>(definitions.macros)) {
            const refs = conditionReferences(condition);
            const missing = refs.macros.filter((m) => !DEFAULTS.macros.has(m));
            assert.deepStrictEqual(missing, [], `macro ${name}`);
        }
    });

    it("takes a bare word in expression position as a macro", () => {
        assert.deepStrictEqual(conditionReferences("write and container").macros, [
            "write",
            "container",
        ]);
    });

    it("takes a bare word after a comparison operator as a literal", () => {
        assert.deepStrictEqual(conditionReferences("evt.res = EINPROGRESS"), {
            macros: [],
            listCandidates: [],
        });
    });

    it("takes unquoted identifiers in a value list as list candidates and skips quoted ones", () => {
        const refs = conditionReferences('proc.name in (shell_binaries, "bash") and fd.num>=0');
        assert.deepStrictEqual(refs, { macros: [], listCandidates: ["shell_binaries"] });
    });

    it("reads fields with dots and an argument, and field transformers", () => {
        const refs = conditionReferences(
            "proc.aname[2]=sshd and tolower(proc.name) startswith x and not my_macro",
        );
        assert.deepStrictEqual(refs.macros, ["my_macro"]);
    });

    it("rejects a comparison with no value", () => {
        assert.throws(() => conditionReferences("fd.name ="), ConditionSyntaxError);
    });

    it("rejects an unbalanced parenthesis", () => {
        assert.throws(
            () => conditionReferences("(spawned_process and container"),
            ConditionSyntaxError,
        );
    });
});

describe("the baseline's custom Falco rules", () => {
    it("define the three rules the baseline promises", () => {
        assert.deepStrictEqual(
            [...customRules().rules.keys()],
            [
                "Unexpected outbound connection from tenant container",
                "Write below binary directory in tenant container",
                "Shell spawned in tenant container",
            ],
        );
    });

    it("name only macros and lists that they or the default ruleset define", () => {
        assert.deepStrictEqual(undefinedReferences(customRules(), DEFAULTS), []);
    });

    it("define the lists the first draft of these rules used without defining", () => {
        const lists = customRules().lists;
        for (const name of ["allowed_images", "allowed_ips", "debug_images"]) {
            assert.ok(lists.has(name), name);
        }
    });

    it("use open_write, since the default ruleset has no write macro", () => {
        const condition =
            customRules().rules.get("Write below binary directory in tenant container") ?? "";
        assert.ok(conditionReferences(condition).macros.includes("open_write"));
        assert.ok(!DEFAULTS.macros.has("write"));
    });

    it("redefine no list or macro of the default ruleset", () => {
        const custom = customRules();
        const clashes = [...custom.lists.keys(), ...custom.macros.keys()].filter(
            (n) => DEFAULTS.lists.has(n) || DEFAULTS.macros.has(n),
        );
        assert.deepStrictEqual(clashes, []);
    });

    it("quote every list item, so no item is read as a list name", () => {
        for (const [name, items] of customRules().lists) {
            for (const item of items) {
                assert.match(String(item), /^".*"$/, `list ${name}`);
            }
        }
    });

    it("fill the lists from the arguments", () => {
        const lists = customRules().lists;
        assert.deepStrictEqual(lists.get("allowed_networks"), ['"100.64.0.0/10"', '"fd00::/8"']);
        assert.deepStrictEqual(lists.get("monitored_namespaces"), ['"ohlcv-system"']);
    });

    it("still load with every optional list empty", () => {
        const empty = {
            ...LISTS,
            allowedImages: [],
            allowedIps: [],
            allowedNetworks: [],
            debugImages: [],
            shellImages: [],
        };
        assert.deepStrictEqual(undefinedReferences(customRules(empty), DEFAULTS), []);
    });
});

describe("the reference check", () => {
    it("reports a rule that names an undefined macro", () => {
        const file = rulesFileNames([
            { rule: "Write below bin", condition: "write and container" },
        ]);
        assert.deepStrictEqual(undefinedReferences(file, DEFAULTS), [
            'macro write (in rule "Write below bin")',
        ]);
    });

    it("reports a rule that names an undefined list", () => {
        const file = rulesFileNames([
            {
                rule: "Shell",
                condition: "spawned_process and not container.image.repository in (debug_images)",
            },
        ]);
        assert.deepStrictEqual(undefinedReferences(file, DEFAULTS), [
            'list debug_images (in rule "Shell")',
        ]);
    });

    it("reports a macro used before the custom file defines it", () => {
        const file = rulesFileNames([
            { rule: "Early", condition: "later_macro" },
            { macro: "later_macro", condition: "container" },
        ]);
        assert.deepStrictEqual(undefinedReferences(file, DEFAULTS), [
            'macro later_macro (in rule "Early")',
        ]);
    });
});

describe("the Falco list arguments", () => {
    const check = (change: Partial<FalcoRuleLists>) => () =>
        checkFalcoRuleLists({ ...LISTS, ...change });

    it("reject an image given with a tag", () => {
        assert.throws(
            check({ debugImages: ["busybox:1.36"] }),
            /debugImages: "busybox:1.36" is not an image repository without a tag/,
        );
    });

    it("accept a registry host with a port", () => {
        assert.doesNotThrow(check({ allowedImages: ["registry.local:5000/team/proxy"] }));
    });

    it("reject an image that would break out of a quoted literal", () => {
        assert.throws(check({ allowedImages: ['evil") or (container'] }), /allowedImages/);
    });

    it("reject an address that is not an IP", () => {
        assert.throws(
            check({ allowedIps: ["example.com"] }),
            /allowedOutboundIps: "example.com" is not an IPv4 or IPv6 address/,
        );
    });

    it("reject a CIDR with a prefix too long for its family", () => {
        assert.throws(check({ allowedNetworks: ["10.0.0.0/33"] }), /allowedOutboundCidrs/);
    });

    it("reject an empty list of watched namespaces", () => {
        assert.throws(check({ monitoredNamespaces: [] }), /monitoredNamespaces/);
    });
});

describe("the Falco chart values the release sets", () => {
    const values = falcoChartValues(renderFalcoRules(falcoRulesEntries(LISTS)));

    it("all exist in the chart's values", () => {
        const unknown = leafPaths(values)
            .map((keys) => unknownValuesKey(CHART_VALUES, keys))
            .filter((key) => key !== undefined);
        assert.deepStrictEqual(unknown, []);
    });

    it("are checked against the chart, so an unknown key is caught", () => {
        assert.strictEqual(
            unknownValuesKey(CHART_VALUES, ["driver", "modernBpf", "leastPrivileged"]),
            "driver.modernBpf",
        );
    });

    it("choose the modern eBPF driver with capabilities instead of privileged", () => {
        assert.deepStrictEqual(values.driver, {
            kind: "modern_ebpf",
            modernEbpf: { leastPrivileged: true },
        });
    });

    it("turn on JSON output", () => {
        assert.strictEqual((values.falco as Record<string, unknown>).json_output, true);
    });

    it("carry the custom rules under customRules", () => {
        assert.deepStrictEqual(Object.keys(values.customRules as object), [CUSTOM_RULES_FILE]);
    });
});
