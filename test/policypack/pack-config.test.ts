/**
 * The per-stack policy configs (`policypack/config/<stack>.json`), as `pulumi preview
 * --policy-pack policypack --policy-pack-config policypack/config/<stack>.json` reads them:
 * every key names a policy of the pack (or is `all`), every setting is one the policy's
 * configSchema declares, with the type it declares, production is never laxer than dev, and each
 * stack's own config (`Pulumi.<stack>.yaml`) passes its policy config.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { parseBaselineConfig } from "../../config";
import type { BaselinePolicy } from "../../policypack/catalog";
import { discoverPolicies } from "../../policypack/discover";
import { parseRegistryScope } from "../../policypack/image-references";
import { stackConfig } from "../mocks";

const CONFIG_DIR = path.join(__dirname, "..", "..", "policypack", "config");
const STACKS = ["dev", "prod"];
const LEVELS = ["disabled", "advisory", "mandatory", "remediate"];

type PolicyConfig = string | ({ enforcementLevel?: string } & Record<string, unknown>);

function readConfig(stack: string): Record<string, PolicyConfig> {
    const file = path.join(CONFIG_DIR, `${stack}.json`);
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    assert.ok(
        parsed && typeof parsed === "object" && !Array.isArray(parsed),
        `${file} is not an object`,
    );
    return parsed as Record<string, PolicyConfig>;
}

function levelOf(config: PolicyConfig | undefined, fallback: string): string {
    if (typeof config === "string") {
        return config;
    }
    return config?.enforcementLevel ?? fallback;
}

/** Why a value does not have the JSON-schema type declared for it, or undefined. */
function typeProblem(
    value: unknown,
    schema: { type?: unknown; items?: unknown },
): string | undefined {
    const type = schema.type;
    if (type === "array") {
        if (!Array.isArray(value)) {
            return "is not a list";
        }
        const items = schema.items as { type?: unknown } | undefined;
        const bad = value.find((item) => items?.type !== undefined && typeof item !== items.type);
        return bad === undefined
            ? undefined
            : `has an item ${JSON.stringify(bad)} that is not ${String(items?.type)}`;
    }
    if (type === "integer") {
        return Number.isInteger(value) ? undefined : "is not an integer";
    }
    if (typeof type === "string" && typeof value !== type) {
        return `is not ${type}`;
    }
    return undefined;
}

describe("per-stack policy config", () => {
    const policies = new Map<string, BaselinePolicy>(discoverPolicies().map((p) => [p.name, p]));

    for (const stack of STACKS) {
        describe(`${stack}.json`, () => {
            const config = readConfig(stack);

            it("names only policies of the pack, or all", () => {
                const unknown = Object.keys(config).filter(
                    (key) => key !== "all" && !policies.has(key),
                );
                assert.deepStrictEqual(unknown, []);
            });

            it("sets only enforcement levels CrossGuard knows", () => {
                for (const [key, value] of Object.entries(config)) {
                    assert.ok(LEVELS.includes(levelOf(value, "mandatory")), `${stack}.json ${key}`);
                }
            });

            it("sets only properties declared in each policy's configSchema", () => {
                for (const [key, value] of Object.entries(config)) {
                    if (typeof value === "string") {
                        continue;
                    }
                    const declared = Object.keys(policies.get(key)?.configSchema?.properties ?? {});
                    const { enforcementLevel: _level, ...settings } = value;
                    for (const setting of Object.keys(settings)) {
                        assert.ok(
                            declared.includes(setting),
                            `${stack}.json ${key}.${setting} is not in its configSchema`,
                        );
                    }
                }
            });

            it("gives each property the type its configSchema declares", () => {
                for (const [key, value] of Object.entries(config)) {
                    if (typeof value === "string" || !policies.has(key)) {
                        continue;
                    }
                    const properties = policies.get(key)?.configSchema?.properties ?? {};
                    for (const [setting, schema] of Object.entries(properties)) {
                        if (!(setting in value) || typeof schema !== "object") {
                            continue;
                        }
                        const problem = typeProblem(value[setting], schema);
                        assert.strictEqual(
                            problem,
                            undefined,
                            `${stack}.json ${key}.${setting} ${problem}`,
                        );
                    }
                }
            });

            const baseline = parseBaselineConfig(stackConfig(stack));
            const settings = (policy: string) => config[policy] as Record<string, unknown>;

            it("exempts the stack's Falco namespace, and only it, from the restricted Pod Security level", () => {
                assert.strictEqual(baseline.falcoNamespace, "falco");
                assert.deepStrictEqual(settings("namespace-pss-restricted").exemptNamespaces, [
                    baseline.falcoNamespace,
                ]);
            });

            it("caps Vault token TTLs at the stack's own TTLs", () => {
                const caps = settings("vault-role-token-ttl-capped");
                assert.deepStrictEqual(
                    [caps.maxTokenTtlSeconds, caps.maxTokenMaxTtlSeconds],
                    [baseline.vaultTokenTtlSeconds, baseline.vaultTokenMaxTtlSeconds],
                );
            });

            it("requires rotation within 30 days, which the stack's rotation period meets", () => {
                const max = settings("aws-secret-rotation-within-days").maxRotationDays as number;
                assert.strictEqual(max, 30);
                assert.ok(baseline.secretRotationDays <= max, String(baseline.secretRotationDays));
            });

            it("requires a 7-day recovery window, which the stack's window meets", () => {
                const min = settings("aws-secret-recovery-window").minRecoveryWindowDays as number;
                assert.strictEqual(min, 7);
                assert.ok(baseline.secretRecoveryWindowDays >= min);
            });

            it("requires Falco in the baseline's own stack", () => {
                const falco = settings("falco-runtime-detection-present");
                assert.strictEqual(levelOf(falco as PolicyConfig, "mandatory"), "mandatory");
                assert.notStrictEqual(falco.installedByAnotherStack, true);
            });

            it("lists the registries images may come from, each as host[/path prefix]", () => {
                const registries = config["workload-image-registry-allowed"] as {
                    allowedRegistries?: string[];
                };
                const entries = registries.allowedRegistries ?? [];
                assert.ok(entries.length > 0);
                for (const entry of entries) {
                    assert.notStrictEqual(parseRegistryScope(entry), undefined, entry);
                }
            });
        });
    }

    it("is never laxer in prod than in dev", () => {
        const rank = (level: string) =>
            ["disabled", "advisory", "mandatory", "remediate"].indexOf(level);
        const dev = readConfig("dev");
        const prod = readConfig("prod");
        for (const name of policies.keys()) {
            const devLevel = levelOf(dev[name], levelOf(dev.all, "mandatory"));
            const prodLevel = levelOf(prod[name], levelOf(prod.all, "mandatory"));
            assert.ok(
                rank(prodLevel) >= rank(devLevel),
                `${name}: dev ${devLevel}, prod ${prodLevel}`,
            );
        }
    });

    it("pins images by digest in prod and not in dev", () => {
        const setting = (stack: string) =>
            (readConfig(stack)["workload-image-pinned"] as { requireDigest?: boolean })
                .requireDigest;
        assert.deepStrictEqual([setting("dev"), setting("prod")], [false, true]);
    });
});
