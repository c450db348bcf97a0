import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { type RecordedResource, startMockRuntime } from "../../cli/mock-runtime";
import {
    irsaTrustPolicy,
    keyPolicy,
    oidcIssuerOf,
    readerPolicy,
    rotationCodeArchive,
    rotationPolicy,
    ROTATION_RUNTIME,
    SecretsManager,
    type SecretsManagerArgs,
    secretResourcePolicy,
} from "../../components/secrets-manager";
import { SECRET_KIND_TAG } from "../../rotation/secret-kinds";
import { AWSCURRENT } from "../../rotation/secrets-manager-port";
import { InMemorySecretsManager } from "../rotation/in-memory-secrets-manager";

const PROVIDER =
    "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF";
const ISSUER = "oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF";
const ACCOUNT = { accountId: "123456789012", partition: "aws", region: "eu-central-1" };
const IRSA = "arn:aws:iam::123456789012:role/ohlcv-rag-reader";
const ROTATION = "arn:aws:iam::123456789012:role/ohlcv-rag-rotation";

const ARGS: SecretsManagerArgs = {
    tenant: "ohlcv-rag",
    namespace: "ohlcv-system",
    serviceAccountNames: ["ohlcv-rag"],
    oidcProviderArn: PROVIDER,
    secrets: [{ name: "api-key" }, { name: "db-password", kind: "database-password" }],
};

const SECRET = "aws:secretsmanager/secret:Secret";
const KEY = "aws:kms/key:Key";
const ROTATION_TYPE = "aws:secretsmanager/secretRotation:SecretRotation";
const PERMISSION = "aws:lambda/permission:Permission";
const FUNCTION = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";

interface Declared {
    resources: RecordedResource[];
    component: SecretsManager;
}

/** Declares the component in preview, as `pulumi preview` would see it: ARNs unknown. */
async function declare(args: SecretsManagerArgs = ARGS): Promise<Declared> {
    const { monitor, settle } = await startMockRuntime({
        project: "security-baseline",
        stack: "test",
        preview: true,
        config: {},
    });
    const component = new SecretsManager("ohlcv-rag", args);
    await settle();
    return { resources: monitor.recorded, component };
}

function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

function named(resources: RecordedResource[], name: string): RecordedResource {
    const found = resources.find((r) => r.name === name);
    assert.ok(found, `resource ${name}`);
    return found;
}

/** Every key anywhere in a value, for the no-secret-value checks. */
function keysIn(value: unknown): string[] {
    if (value === null || typeof value !== "object") {
        return [];
    }
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [k, ...keysIn(v)]);
}

function statement(doc: { Statement: Record<string, unknown>[] }, sid: string): any {
    const found = doc.Statement.find((s) => s.Sid === sid);
    assert.ok(found, `statement ${sid}`);
    return found;
}

describe("SecretsManager", () => {
    let declared: Declared;
    let resources: RecordedResource[];

    before(async () => {
        declared = await declare();
        resources = declared.resources;
    });

    it("declares a customer-managed key that rotates", () => {
        const keys = ofType(resources, KEY);
        assert.strictEqual(keys.length, 1);
        assert.strictEqual(keys[0].inputs.enableKeyRotation, true);
    });

    it("gives the key an alias under the tenant's prefix", () => {
        const alias = named(resources, "ohlcv-rag-key-alias");
        assert.strictEqual(alias.inputs.name, "alias/ohlcv-rag/secrets");
        assert.deepStrictEqual(alias.propertyDependencies.targetKeyId, [
            ofType(resources, KEY)[0].urn,
        ]);
    });

    it("declares each of the tenant's secrets under its prefix", () => {
        const names = ofType(resources, SECRET).map((s) => s.inputs.name);
        assert.deepStrictEqual(names, ["ohlcv-rag/api-key", "ohlcv-rag/db-password"]);
    });

    it("encrypts every secret with the tenant's key", () => {
        const key = ofType(resources, KEY)[0];
        for (const secret of ofType(resources, SECRET)) {
            assert.ok("kmsKeyId" in secret.inputs);
            assert.deepStrictEqual(secret.propertyDependencies.kmsKeyId, [key.urn]);
        }
    });

    it("tags each secret with its kind for the rotation function", () => {
        const kinds = ofType(resources, SECRET).map((s) => (s.inputs.tags as any)[SECRET_KIND_TAG]);
        assert.deepStrictEqual(kinds, ["opaque", "database-password"]);
    });

    it("keeps deleted secrets recoverable for 30 days by default", () => {
        assert.ok(ofType(resources, SECRET).every((s) => s.inputs.recoveryWindowInDays === 30));
    });

    it("takes the recovery window from its arguments", async () => {
        const other = await declare({ ...ARGS, recoveryWindowDays: 7 });
        assert.ok(
            ofType(other.resources, SECRET).every((s) => s.inputs.recoveryWindowInDays === 7),
        );
    });

    it("declares no secret version, so no value passes through Pulumi", () => {
        assert.deepStrictEqual(
            resources.filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion"),
            [],
        );
    });

    it("holds no secret value in any recorded input", () => {
        const keys = resources.flatMap((r) => keysIn(r.inputs));
        for (const forbidden of ["secretString", "secretBinary", "secretStringWo"]) {
            assert.ok(!keys.includes(forbidden), forbidden);
        }
    });

    it("exports ARNs only", async () => {
        const outputs = declared.component;
        const names = Object.keys(outputs).filter((k) =>
            pulumi.Output.isInstance((outputs as any)[k]),
        );
        assert.deepStrictEqual(names.sort(), [
            "irsaRoleArn",
            "keyArn",
            "rotationFunctionArn",
            "secretArns",
            "urn",
        ]);
    });

    it("rotates every secret on the schedule from its arguments, starting now", () => {
        const rotations = ofType(resources, ROTATION_TYPE);
        assert.strictEqual(rotations.length, 2);
        for (const rotation of rotations) {
            assert.deepStrictEqual(rotation.inputs.rotationRules, { automaticallyAfterDays: 30 });
            assert.strictEqual(rotation.inputs.rotateImmediately, true);
        }
    });

    it("points each rotation at its own secret and the rotation function", () => {
        const fn = ofType(resources, FUNCTION)[0];
        for (const name of ["api-key", "db-password"]) {
            const rotation = named(resources, `ohlcv-rag-${name}-rotation`);
            assert.deepStrictEqual(rotation.propertyDependencies.secretId, [
                named(resources, `ohlcv-rag-${name}`).urn,
            ]);
            assert.deepStrictEqual(rotation.propertyDependencies.rotationLambdaArn, [fn.urn]);
        }
    });

    it("starts a rotation only once Secrets Manager may invoke the function", () => {
        const rotation = named(resources, "ohlcv-rag-api-key-rotation");
        assert.ok(rotation.dependencies.includes(named(resources, "ohlcv-rag-api-key-invoke").urn));
        assert.ok(
            rotation.dependencies.includes(named(resources, "ohlcv-rag-rotation-access").urn),
        );
        assert.ok(rotation.dependencies.includes(named(resources, "ohlcv-rag-api-key-policy").urn));
    });

    it("lets only Secrets Manager invoke the function, for that secret, from this account", () => {
        const permission = named(resources, "ohlcv-rag-api-key-invoke");
        assert.strictEqual(permission.inputs.principal, "secretsmanager.amazonaws.com");
        assert.strictEqual(permission.inputs.sourceAccount, "123456789012");
        assert.deepStrictEqual(permission.propertyDependencies.sourceArn, [
            named(resources, "ohlcv-rag-api-key").urn,
        ]);
        assert.strictEqual(ofType(resources, PERMISSION).length, 2);
    });

    it("runs the rotation function on a Node.js runtime that ships the AWS SDK", () => {
        const fn = ofType(resources, FUNCTION)[0];
        assert.strictEqual(fn.inputs.runtime, ROTATION_RUNTIME);
        assert.strictEqual(fn.inputs.handler, "index.handler");
        assert.deepStrictEqual(fn.propertyDependencies.role, [
            named(resources, "ohlcv-rag-rotation").urn,
        ]);
    });

    it("protects neither key nor secrets by default", () => {
        assert.ok(
            [...ofType(resources, KEY), ...ofType(resources, SECRET)].every((r) => !r.protect),
        );
    });

    it("protects the key and the secrets when asked (production)", async () => {
        const prod = await declare({ ...ARGS, protect: true });
        const stateful = [...ofType(prod.resources, KEY), ...ofType(prod.resources, SECRET)];
        assert.strictEqual(stateful.length, 3);
        assert.ok(stateful.every((r) => r.protect));
    });

    it("declares the tenant's IRSA role with its trust policy", () => {
        const role = named(resources, "ohlcv-rag-reader");
        const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
        assert.deepStrictEqual(trust, irsaTrustPolicy(PROVIDER, "ohlcv-system", ["ohlcv-rag"]));
        assert.strictEqual(ofType(resources, ROLE).length, 2);
    });

    it("parents every resource to the component", () => {
        const component = ofType(resources, "ohlcv:security:SecretsManager")[0];
        assert.ok(
            resources.filter((r) => r !== component).every((r) => r.parent === component.urn),
        );
    });

    it("refuses a recovery window shorter than 7 days", () => {
        assert.throws(
            () => new SecretsManager("bad", { ...ARGS, recoveryWindowDays: 0 }),
            /SecretsManager recoveryWindowDays is 0; expected a whole number of days from 7 to 30/,
        );
    });

    it("refuses an OIDC provider ARN of another shape", () => {
        assert.throws(
            () => new SecretsManager("bad", { ...ARGS, oidcProviderArn: "oidc.eks.example/id/X" }),
            /oidcProviderArn is "oidc.eks.example\/id\/X"; expected arn:aws:iam::<account>:oidc-provider/,
        );
    });

    it("refuses a secret name given twice", () => {
        assert.throws(
            () => new SecretsManager("bad", { ...ARGS, secrets: [{ name: "a" }, { name: "a" }] }),
            /secrets\[1\].name is "a"; expected a DNS-1123 label used once/,
        );
    });
});

describe("the Secrets Manager policy documents", () => {
    it("trust only the tenant's service accounts, with tokens for STS", () => {
        const doc = irsaTrustPolicy(PROVIDER, "ohlcv-system", ["ohlcv-rag", "worker"]);
        assert.deepStrictEqual(doc.Statement[0].Condition, {
            StringEquals: {
                [`${ISSUER}:sub`]: [
                    "system:serviceaccount:ohlcv-system:ohlcv-rag",
                    "system:serviceaccount:ohlcv-system:worker",
                ],
                [`${ISSUER}:aud`]: "sts.amazonaws.com",
            },
        });
        assert.deepStrictEqual(doc.Statement[0].Principal, { Federated: PROVIDER });
    });

    it("read the issuer from the provider ARN", () => {
        assert.strictEqual(oidcIssuerOf(PROVIDER), ISSUER);
    });

    it("deny every request to a secret made without TLS", () => {
        const deny = statement(secretResourcePolicy(IRSA, ROTATION), "DenyWithoutTls");
        assert.deepStrictEqual(
            [deny.Effect, deny.Principal, deny.Action],
            ["Deny", "*", "secretsmanager:*"],
        );
        assert.deepStrictEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
    });

    it("deny reading a value to all but the tenant's role and the rotation role", () => {
        const deny = statement(secretResourcePolicy(IRSA, ROTATION), "DenyValueReadToOthers");
        assert.strictEqual(deny.Action, "secretsmanager:GetSecretValue");
        assert.deepStrictEqual(deny.Condition, {
            ArnNotEquals: { "aws:PrincipalArn": [IRSA, ROTATION] },
        });
    });

    it("deny writing a value or moving a label to all but the rotation role", () => {
        const deny = statement(secretResourcePolicy(IRSA, ROTATION), "DenyValueWriteToOthers");
        assert.deepStrictEqual(deny.Action, [
            "secretsmanager:PutSecretValue",
            "secretsmanager:UpdateSecretVersionStage",
        ]);
        assert.deepStrictEqual(deny.Condition, { ArnNotEquals: { "aws:PrincipalArn": ROTATION } });
    });

    it("let the key be managed by the account root and used by the tenant's roles only through Secrets Manager", () => {
        const doc = keyPolicy(ACCOUNT, {
            irsaRoleArn: IRSA,
            rotationRoleArn: ROTATION,
            keyAdministratorArns: [],
        });
        assert.deepStrictEqual(statement(doc, "AccountRootManagesTheKey").Principal, {
            AWS: "arn:aws:iam::123456789012:root",
        });
        const via = {
            "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com",
            "kms:CallerAccount": "123456789012",
        };
        assert.deepStrictEqual(
            statement(doc, "TenantDecryptsThroughSecretsManager").Condition.StringEquals,
            via,
        );
        assert.deepStrictEqual(
            statement(doc, "RotationEncryptsThroughSecretsManager").Condition.StringEquals,
            via,
        );
        assert.strictEqual(doc.Statement.length, 3);
    });

    it("give key administrators management but no use of the key", () => {
        const doc = keyPolicy(ACCOUNT, {
            irsaRoleArn: IRSA,
            rotationRoleArn: ROTATION,
            keyAdministratorArns: ["arn:aws:iam::123456789012:role/admin"],
        });
        const actions: string[] = statement(doc, "AdministratorsManageButNeverUse").Action;
        assert.ok(!actions.some((a) => /Decrypt|Encrypt|GenerateDataKey|ReEncrypt|kms:\*/.test(a)));
    });

    it("let the tenant's role read and describe its own secrets and nothing else", () => {
        const doc = readerPolicy(ACCOUNT, ["arn:s1", "arn:s2"], "arn:key");
        assert.deepStrictEqual(statement(doc, "ReadOwnSecrets").Action, [
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
        ]);
        assert.deepStrictEqual(statement(doc, "ReadOwnSecrets").Resource, ["arn:s1", "arn:s2"]);
        assert.strictEqual(statement(doc, "DecryptThroughSecretsManager").Action, "kms:Decrypt");
        assert.strictEqual(doc.Statement.length, 2);
    });

    it("let the rotation role make the rotation calls on the tenant's secrets, without GetRandomPassword", () => {
        const doc = rotationPolicy(ACCOUNT, ["arn:s1"], "arn:key", "arn:logs");
        const actions = doc.Statement.flatMap((s) => s.Action as string[]);
        assert.ok(!actions.includes("secretsmanager:GetRandomPassword"));
        assert.ok(doc.Statement.every((s) => s.Resource !== "*"));
        assert.strictEqual(statement(doc, "WriteOwnLogs").Resource, "arn:logs:*");
    });
});

describe("the packaged rotation function", () => {
    let dir: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-archive-"));
        const assets = await rotationCodeArchive().assets;
        for (const [file, asset] of Object.entries(assets)) {
            fs.writeFileSync(path.join(dir, file), await (asset as pulumi.asset.StringAsset).text);
        }
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("holds every module of rotation/ transpiled to JavaScript, with the entry point", () => {
        const expected = fs
            .readdirSync(path.join(__dirname, "..", "..", "rotation"))
            .filter((f) => f.endsWith(".ts"))
            .map((f) => f.replace(/\.ts$/, ".js"))
            .sort();
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), expected);
        assert.ok(expected.includes("index.js"));
    });

    it("runs a whole rotation from its transpiled code", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const packaged = require(path.join(dir, "rotate-secret.js"));
        const sm = new InMemorySecretsManager();
        const arn = sm.createSecret("ohlcv-rag/api-key");
        const run = await sm.rotate(arn, (event) =>
            packaged.rotateSecret(event, { secretsManager: sm }),
        );
        assert.strictEqual(run.failed, undefined);
        assert.match(sm.peek(arn, AWSCURRENT) ?? "", /^[A-Za-z0-9]{48}$/);
    });

    it("imports nothing beyond its own modules and the AWS SDK", () => {
        const required = fs
            .readdirSync(dir)
            .flatMap((f) =>
                [
                    ...fs.readFileSync(path.join(dir, f), "utf8").matchAll(/require\("([^"]+)"\)/g),
                ].map((m) => m[1]),
            );
        const outside = required.filter(
            (m) => !m.startsWith("./") && m !== "@aws-sdk/client-secrets-manager" && m !== "crypto",
        );
        assert.deepStrictEqual(outside, []);
    });
});
