import * as assert from "assert";

import type { DatabaseAdapter, PasswordChange } from "../../rotation/database-adapter";
import {
    parseRotationEvent,
    ROTATION_STEPS,
    rotateSecret,
    type RotationContext,
    type RotationEvent,
} from "../../rotation/rotate-secret";
import { SECRET_KIND_TAG } from "../../rotation/secret-kinds";
import { isWellFormedValue } from "../../rotation/secret-values";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../../rotation/secrets-manager-port";
import { InMemorySecretsManager, newToken } from "./in-memory-secrets-manager";

const OLD_VALUE = "OldValue0123456789abcdefXYZ";

/** A database that records what it was told and can be made to refuse the new password. */
class RecordingDatabase implements DatabaseAdapter {
    readonly set: PasswordChange[] = [];
    readonly tested: PasswordChange[] = [];
    refuseLogin = false;

    async setPassword(change: PasswordChange): Promise<void> {
        this.set.push(change);
    }

    async testLogin(change: PasswordChange): Promise<void> {
        this.tested.push(change);
        if (this.refuseLogin) {
            throw new Error("password authentication failed");
        }
    }
}

describe("the rotation function", () => {
    let sm: InMemorySecretsManager;
    let lines: string[];
    let ctx: RotationContext;
    const handler = (event: RotationEvent) => rotateSecret(event, ctx);

    beforeEach(() => {
        sm = new InMemorySecretsManager();
        lines = [];
        ctx = { secretsManager: sm, log: (line) => lines.push(line) };
    });

    describe("on an opaque secret", () => {
        let arn: string;

        beforeEach(() => {
            arn = sm.createSecret("ohlcv-rag/api-key", {
                tags: { [SECRET_KIND_TAG]: "opaque" },
                initialValue: OLD_VALUE,
            });
        });

        it("makes a new value current and keeps the old one as AWSPREVIOUS", async () => {
            const oldVersion = sm.versionWith(arn, AWSCURRENT);
            const token = newToken();
            const run = await sm.rotate(arn, handler, token);
            assert.deepStrictEqual(run, { completed: [...ROTATION_STEPS] });
            assert.strictEqual(sm.versionWith(arn, AWSCURRENT), token);
            assert.strictEqual(sm.versionWith(arn, AWSPREVIOUS), oldVersion);
            assert.strictEqual(sm.versionWith(arn, AWSPENDING), undefined);
            assert.notStrictEqual(sm.peek(arn, AWSCURRENT), OLD_VALUE);
            assert.ok(isWellFormedValue(sm.peek(arn, AWSCURRENT) ?? ""));
        });

        it("does not put a second value when createSecret is retried", async () => {
            const token = sm.startRotation(arn);
            const event: RotationEvent = {
                SecretId: arn,
                ClientRequestToken: token,
                Step: "createSecret",
            };
            await handler(event);
            const first = sm.peek(arn, AWSPENDING);
            await handler(event);
            assert.strictEqual(sm.calls.putSecretValue, 1);
            assert.strictEqual(sm.peek(arn, AWSPENDING), first);
        });

        it("does nothing when finishSecret is retried after it succeeded", async () => {
            const token = newToken();
            await sm.rotate(arn, handler, token);
            const stages = sm.stagesOf(arn);
            const moves = sm.calls.updateSecretVersionStage;
            await handler({ SecretId: arn, ClientRequestToken: token, Step: "finishSecret" });
            assert.strictEqual(sm.calls.updateSecretVersionStage, moves);
            assert.deepStrictEqual(sm.stagesOf(arn), stages);
        });

        it("reaches the same end state when every step runs twice", async () => {
            const token = sm.startRotation(arn);
            for (const step of ROTATION_STEPS) {
                await handler({ SecretId: arn, ClientRequestToken: token, Step: step });
                await handler({ SecretId: arn, ClientRequestToken: token, Step: step });
            }
            assert.strictEqual(sm.versionWith(arn, AWSCURRENT), token);
            assert.strictEqual(sm.versionWith(arn, AWSPENDING), undefined);
            assert.strictEqual(sm.calls.putSecretValue, 1);
        });

        it("leaves AWSCURRENT untouched when testSecret fails", async () => {
            const token = sm.startRotation(arn);
            // A pending value someone put by hand that is no value this function would make.
            await sm.putSecretValue({
                secretId: arn,
                clientRequestToken: token,
                secretString: "has spaces/and@symbols:%",
                versionStages: [AWSPENDING],
            });
            const steps = ["createSecret", "setSecret", "testSecret"] as const;
            let failure: Error | undefined;
            for (const step of steps) {
                try {
                    await handler({ SecretId: arn, ClientRequestToken: token, Step: step });
                } catch (error) {
                    failure = error as Error;
                    break;
                }
            }
            assert.match(String(failure?.message), /testSecret: .* is not a well-formed value/);
            assert.strictEqual(sm.peek(arn, AWSCURRENT), OLD_VALUE);
            assert.strictEqual(sm.versionWith(arn, AWSPENDING), token);
        });

        it("writes no value into its log lines", async () => {
            await sm.rotate(arn, handler);
            const value = sm.peek(arn, AWSCURRENT) ?? "";
            assert.ok(lines.length > 0);
            assert.ok(lines.every((line) => !line.includes(value) && !line.includes(OLD_VALUE)));
        });

        it("refuses a secret whose rotation is off", async () => {
            const token = sm.startRotation(arn);
            sm.cancelRotation(arn);
            await assert.rejects(
                handler({ SecretId: arn, ClientRequestToken: token, Step: "createSecret" }),
                /is not enabled for rotation/,
            );
        });

        it("refuses a token that names no version of the secret", async () => {
            await assert.rejects(
                handler({ SecretId: arn, ClientRequestToken: newToken(), Step: "createSecret" }),
                /has no stage for rotation/,
            );
        });

        it("refuses a token whose version is neither AWSPENDING nor AWSCURRENT", async () => {
            await sm.rotate(arn, handler);
            const previous = sm.versionWith(arn, AWSPREVIOUS) as string;
            await assert.rejects(
                handler({ SecretId: arn, ClientRequestToken: previous, Step: "setSecret" }),
                /is not staged AWSPENDING/,
            );
        });
    });

    describe("on a secret with no value yet (its first rotation)", () => {
        it("makes the first value current with no AWSPREVIOUS", async () => {
            const arn = sm.createSecret("ohlcv-rag/api-key");
            const token = newToken();
            const run = await sm.rotate(arn, handler, token);
            assert.strictEqual(run.failed, undefined);
            assert.strictEqual(sm.versionWith(arn, AWSCURRENT), token);
            assert.strictEqual(sm.versionWith(arn, AWSPREVIOUS), undefined);
            assert.ok(isWellFormedValue(sm.peek(arn, AWSCURRENT) ?? ""));
        });

        it("seeds a database password without a database adapter", async () => {
            const arn = sm.createSecret("ohlcv-rag/db-password", {
                tags: { [SECRET_KIND_TAG]: "database-password" },
            });
            const run = await sm.rotate(arn, handler);
            assert.strictEqual(run.failed, undefined);
            assert.ok(isWellFormedValue(sm.peek(arn, AWSCURRENT) ?? ""));
        });
    });

    describe("on a database password", () => {
        let arn: string;

        beforeEach(() => {
            arn = sm.createSecret("ohlcv-rag/db-password", {
                tags: { [SECRET_KIND_TAG]: "database-password" },
                initialValue: OLD_VALUE,
            });
        });

        it("stops at setSecret without a database adapter and keeps AWSCURRENT", async () => {
            const run = await sm.rotate(arn, handler);
            assert.strictEqual(run.failed?.step, "setSecret");
            assert.match(run.failed?.error.message ?? "", /no database adapter is configured/);
            assert.strictEqual(sm.peek(arn, AWSCURRENT), OLD_VALUE);
        });

        it("tells the database the new password, logging in with the current one", async () => {
            const database = new RecordingDatabase();
            ctx.database = database;
            await sm.rotate(arn, handler);
            assert.strictEqual(database.set.length, 1);
            assert.strictEqual(database.set[0].currentPassword, OLD_VALUE);
            assert.strictEqual(database.set[0].pendingPassword, sm.peek(arn, AWSCURRENT));
        });

        it("leaves AWSCURRENT untouched when the database refuses the new password", async () => {
            const database = new RecordingDatabase();
            database.refuseLogin = true;
            ctx.database = database;
            const run = await sm.rotate(arn, handler);
            assert.strictEqual(run.failed?.step, "testSecret");
            assert.strictEqual(sm.peek(arn, AWSCURRENT), OLD_VALUE);
        });
    });

    it("refuses a secret tagged with a kind it does not know", async () => {
        const arn = sm.createSecret("ohlcv-rag/cert", { tags: { [SECRET_KIND_TAG]: "x509" } });
        const run = await sm.rotate(arn, handler);
        assert.strictEqual(run.failed?.step, "createSecret");
        assert.match(run.failed?.error.message ?? "", /expected opaque or database-password/);
    });
});

describe("the rotation event reader", () => {
    it("names the field that is missing", () => {
        assert.throws(
            () => parseRotationEvent({ SecretId: "arn", Step: "createSecret" }),
            /rotation event has no ClientRequestToken/,
        );
    });

    it("names the step it does not know", () => {
        assert.throws(
            () =>
                parseRotationEvent({
                    SecretId: "arn",
                    ClientRequestToken: "t",
                    Step: "deleteSecret",
                }),
            /Step is "deleteSecret"; expected one of createSecret, setSecret, testSecret, finishSecret/,
        );
    });

    it("reads a well-formed event", () => {
        const event = { SecretId: "arn", ClientRequestToken: "t", Step: "testSecret" };
        assert.deepStrictEqual(parseRotationEvent(event), event);
    });
});
