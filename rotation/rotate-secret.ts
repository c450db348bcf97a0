/**
 * The four steps of a Secrets Manager rotation, as Secrets Manager invokes them: createSecret,
 * setSecret, testSecret, finishSecret, each with the secret and the ClientRequestToken that names
 * the new version. Secrets Manager stages that version AWSPENDING before the first step and
 * retries a step that fails, so each step checks where the version stands and does only what is
 * left to do. A step that fails leaves AWSCURRENT where it was.
 */
import type { DatabaseAdapter } from "./database-adapter";
import { type SecretKind, SECRET_KIND_TAG, secretKindOf } from "./secret-kinds";
import { generateSecretValue, isWellFormedValue, type RandomIndex } from "./secret-values";
import {
    AWSCURRENT,
    AWSPENDING,
    isSecretsManagerError,
    type SecretsManagerPort,
} from "./secrets-manager-port";

/** The rotation steps, in the order Secrets Manager runs them. */
export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

/** One rotation step. */
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** The event Secrets Manager sends the rotation function. */
export interface RotationEvent {
    SecretId: string;
    ClientRequestToken: string;
    Step: RotationStep;
}

/** A rotation that cannot go on; the message names the secret, the version and the reason. */
export class RotationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RotationError";
    }
}

/** What the steps run against. */
export interface RotationContext {
    secretsManager: SecretsManagerPort;
    /** Sets and tests database passwords; without one, only the first rotation of one succeeds. */
    database?: DatabaseAdapter;
    /** Where progress lines go: never values, only steps, ARNs and version ids. */
    log?: (line: string) => void;
    /** Randomness for new values; `crypto.randomInt` when absent. */
    random?: RandomIndex;
}

/** Reads and checks the event's three fields; the error names the missing or odd one. */
export function parseRotationEvent(event: unknown): RotationEvent {
    const fields = (event ?? {}) as Record<string, unknown>;
    for (const key of ["SecretId", "ClientRequestToken", "Step"]) {
        if (typeof fields[key] !== "string" || fields[key] === "") {
            throw new RotationError(`rotation event has no ${key}; expected a non-empty string`);
        }
    }
    const step = fields.Step as string;
    if (!(ROTATION_STEPS as readonly string[]).includes(step)) {
        throw new RotationError(
            `rotation event Step is ${JSON.stringify(step)}; expected one of ${ROTATION_STEPS.join(", ")}`,
        );
    }
    return {
        SecretId: fields.SecretId as string,
        ClientRequestToken: fields.ClientRequestToken as string,
        Step: step as RotationStep,
    };
}

/** The value of one version by id and label, or undefined when it has none yet. */
async function valueOf(
    sm: SecretsManagerPort,
    secretId: string,
    selector: { versionId?: string; versionStage: string },
): Promise<string | undefined> {
    try {
        return (await sm.getSecretValue({ secretId, ...selector })).secretString;
    } catch (error) {
        if (isSecretsManagerError(error, "ResourceNotFoundException")) {
            return undefined;
        }
        throw error;
    }
}

interface StepInput {
    ctx: RotationContext;
    arn: string;
    token: string;
    kind: SecretKind;
}

async function createSecret({ ctx, arn, token, kind }: StepInput): Promise<void> {
    const sm = ctx.secretsManager;
    const pending = await valueOf(sm, arn, { versionId: token, versionStage: AWSPENDING });
    if (pending !== undefined) {
        ctx.log?.(`createSecret: version ${token} of ${arn} already has its value`);
        return;
    }
    await sm.putSecretValue({
        secretId: arn,
        clientRequestToken: token,
        secretString: generateSecretValue(kind, ctx.random),
        versionStages: [AWSPENDING],
    });
    ctx.log?.(`createSecret: put a new value as version ${token} of ${arn}`);
}

/** The pending value, which createSecret must have put. */
async function pendingValue({ ctx, arn, token }: StepInput): Promise<string> {
    const pending = await valueOf(ctx.secretsManager, arn, {
        versionId: token,
        versionStage: AWSPENDING,
    });
    if (pending === undefined) {
        throw new RotationError(
            `version ${token} of ${arn} has no value; createSecret must run first`,
        );
    }
    return pending;
}

/** The adapter a database step needs, or an error saying rotation stops here. */
function databaseAdapter({ ctx, arn }: StepInput, step: RotationStep): DatabaseAdapter {
    if (ctx.database === undefined) {
        throw new RotationError(
            `${step}: ${arn} is a database password, and no database adapter is configured; ` +
                "the rotation stops here and AWSCURRENT keeps the password the database accepts",
        );
    }
    return ctx.database;
}

async function setSecret(input: StepInput): Promise<void> {
    const { ctx, arn, token, kind } = input;
    if (kind === "opaque") {
        ctx.log?.(`setSecret: ${arn} has no service to tell; consumers read the secret`);
        return;
    }
    const pendingPassword = await pendingValue(input);
    const currentPassword = await valueOf(ctx.secretsManager, arn, { versionStage: AWSCURRENT });
    if (currentPassword === undefined) {
        // The first rotation seeds the secret: the database is provisioned from this value.
        ctx.log?.(
            `setSecret: ${arn} has no AWSCURRENT yet; the first value needs no database change`,
        );
        return;
    }
    await databaseAdapter(input, "setSecret").setPassword({
        secretArn: arn,
        currentPassword,
        pendingPassword,
    });
    ctx.log?.(`setSecret: the database accepts version ${token} of ${arn}`);
}

async function testSecret(input: StepInput): Promise<void> {
    const { ctx, arn, token, kind } = input;
    const pendingPassword = await pendingValue(input);
    if (!isWellFormedValue(pendingPassword)) {
        throw new RotationError(
            `testSecret: version ${token} of ${arn} is not a well-formed value ` +
                "(letters and digits, at least 22 characters); AWSCURRENT stays as it is",
        );
    }
    if (kind === "database-password") {
        const currentPassword = await valueOf(ctx.secretsManager, arn, {
            versionStage: AWSCURRENT,
        });
        if (currentPassword !== undefined) {
            await databaseAdapter(input, "testSecret").testLogin({
                secretArn: arn,
                currentPassword,
                pendingPassword,
            });
        }
    }
    ctx.log?.(`testSecret: version ${token} of ${arn} passed`);
}

async function finishSecret({ ctx, arn, token }: StepInput): Promise<void> {
    const sm = ctx.secretsManager;
    const description = await sm.describeSecret(arn);
    const current = Object.entries(description.versionIdsToStages).find(([, stages]) =>
        stages.includes(AWSCURRENT),
    )?.[0];
    if (current === token) {
        ctx.log?.(`finishSecret: version ${token} of ${arn} is already AWSCURRENT`);
        return;
    }
    await sm.updateSecretVersionStage({
        secretId: arn,
        versionStage: AWSCURRENT,
        moveToVersionId: token,
        removeFromVersionId: current,
    });
    await sm.updateSecretVersionStage({
        secretId: arn,
        versionStage: AWSPENDING,
        removeFromVersionId: token,
    });
    ctx.log?.(`finishSecret: version ${token} of ${arn} is now AWSCURRENT`);
}

const STEPS: Record<RotationStep, (input: StepInput) => Promise<void>> = {
    createSecret,
    setSecret,
    testSecret,
    finishSecret,
};

/**
 * Runs one rotation step. Before any step it checks, as the rotation contract asks, that
 * rotation is enabled and that the token names a version staged AWSPENDING; a token already
 * AWSCURRENT means the rotation finished, and the step does nothing.
 */
export async function rotateSecret(event: RotationEvent, ctx: RotationContext): Promise<void> {
    const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
    const description = await ctx.secretsManager.describeSecret(secretId);
    const arn = description.arn;
    if (!description.rotationEnabled) {
        throw new RotationError(`${arn} is not enabled for rotation`);
    }
    const stages = description.versionIdsToStages[token];
    if (stages === undefined) {
        throw new RotationError(`version ${token} of ${arn} has no stage for rotation`);
    }
    if (stages.includes(AWSCURRENT)) {
        ctx.log?.(`${step}: version ${token} of ${arn} is already AWSCURRENT; nothing to do`);
        return;
    }
    if (!stages.includes(AWSPENDING)) {
        throw new RotationError(`version ${token} of ${arn} is not staged ${AWSPENDING}`);
    }
    const tag = description.tags[SECRET_KIND_TAG];
    const kind = secretKindOf(tag);
    if (kind === undefined) {
        throw new RotationError(
            `${arn} has tag ${SECRET_KIND_TAG}=${JSON.stringify(tag)}; expected opaque or database-password`,
        );
    }
    await STEPS[step]({ ctx, arn, token, kind });
}
