/**
 * An in-memory Secrets Manager for the rotation tests. It enforces the version and staging-label
 * rules the real service enforces, with the errors it names, so that a rotation step that would
 * break them fails here too:
 *
 * - a staging label is on at most one version; putting or moving it takes it off the other;
 * - moving AWSCURRENT puts AWSPREVIOUS on the version that was current;
 * - moving a label that another version carries needs that version as RemoveFromVersionId, and
 *   AWSCURRENT can be moved but never only removed;
 * - PutSecretValue with a token that exists is a no-op for the same value and
 *   ResourceExistsException for another; a version created by RotateSecret has no value yet;
 * - GetSecretValue of a missing secret, version, label or value is ResourceNotFoundException;
 *   anything on a secret scheduled for deletion is InvalidRequestException;
 * - RotateSecret while AWSPENDING is on a version other than AWSCURRENT's is
 *   InvalidRequestException (a previous rotation is unfinished).
 */
import type {
    NewSecretVersion,
    SecretDescription,
    SecretValue,
    SecretVersionSelector,
    SecretsManagerPort,
    StageMove,
} from "../../rotation/secrets-manager-port";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../../rotation/secrets-manager-port";
import { ROTATION_STEPS, type RotationEvent } from "../../rotation/rotate-secret";

interface Version {
    value?: string;
    stages: Set<string>;
}

interface StoredSecret {
    arn: string;
    name: string;
    rotationEnabled: boolean;
    tags: Record<string, string>;
    versions: Map<string, Version>;
    deleted: boolean;
}

/** An error as the AWS SDK raises it: the Secrets Manager error name in `name`. */
export function awsError(name: string, message: string): Error {
    const error = new Error(message);
    error.name = name;
    return error;
}

/** How a secret starts. */
export interface NewSecret {
    rotationEnabled?: boolean;
    tags?: Record<string, string>;
    /** A value staged AWSCURRENT; none, as the baseline creates its secrets, by default. */
    initialValue?: string;
}

/** The outcome of one rotation run by the stand-in's scheduler. */
export interface RotationRun {
    /** The steps that completed, in order. */
    completed: string[];
    /** The step that threw, if one did, with its error. */
    failed?: { step: string; error: Error };
}

/** Counts of the calls made, per operation, for idempotency checks. */
export type CallCounts = Record<keyof SecretsManagerPort, number>;

let versionCounter = 0;

/** A fresh version id, in the 32 to 64 characters Secrets Manager accepts. */
export function newToken(): string {
    versionCounter += 1;
    return `00000000-0000-4000-8000-${versionCounter.toString().padStart(12, "0")}`;
}

/** The stand-in. */
export class InMemorySecretsManager implements SecretsManagerPort {
    private readonly secrets = new Map<string, StoredSecret>();
    readonly calls: CallCounts = {
        describeSecret: 0,
        getSecretValue: 0,
        putSecretValue: 0,
        updateSecretVersionStage: 0,
    };

    /** Creates a secret and returns its ARN. */
    createSecret(name: string, options: NewSecret = {}): string {
        const suffix = Math.random().toString(36).slice(2, 8).padEnd(6, "x");
        const arn = `arn:aws:secretsmanager:eu-central-1:123456789012:secret:${name}-${suffix}`;
        const secret: StoredSecret = {
            arn,
            name,
            rotationEnabled: options.rotationEnabled ?? true,
            tags: { ...(options.tags ?? {}) },
            versions: new Map(),
            deleted: false,
        };
        if (options.initialValue !== undefined) {
            secret.versions.set(newToken(), {
                value: options.initialValue,
                stages: new Set([AWSCURRENT]),
            });
        }
        this.secrets.set(arn, secret);
        return arn;
    }

    /** Schedules the secret for deletion, as DeleteSecret with a recovery window does. */
    deleteSecret(secretId: string): void {
        this.find(secretId).deleted = true;
    }

    /** Turns rotation off, as CancelRotateSecret does. */
    cancelRotation(secretId: string): void {
        this.find(secretId).rotationEnabled = false;
    }

    /**
     * Starts a rotation, as RotateSecret does: a new version staged AWSPENDING, without a value,
     * whose id is the ClientRequestToken the steps receive.
     */
    startRotation(secretId: string, token: string = newToken()): string {
        const secret = this.live(secretId);
        if (!secret.rotationEnabled) {
            throw awsError(
                "InvalidRequestException",
                `rotation is not configured for ${secret.arn}`,
            );
        }
        const pending = this.holder(secret, AWSPENDING);
        const current = this.holder(secret, AWSCURRENT);
        if (pending !== undefined && pending !== current) {
            throw awsError(
                "InvalidRequestException",
                "A previous rotation isn't complete. That rotation will be continued.",
            );
        }
        if (pending !== undefined) {
            secret.versions.get(pending)?.stages.delete(AWSPENDING);
        }
        secret.versions.set(token, { stages: new Set([AWSPENDING]) });
        return token;
    }

    /**
     * Runs a whole rotation as Secrets Manager schedules it: RotateSecret, then the four steps in
     * order, stopping at the first step that throws (the service would retry it later).
     */
    async rotate(
        secretId: string,
        handler: (event: RotationEvent) => Promise<void>,
        token: string = newToken(),
    ): Promise<RotationRun> {
        const arn = this.find(secretId).arn;
        this.startRotation(arn, token);
        const completed: string[] = [];
        for (const step of ROTATION_STEPS) {
            try {
                await handler({ SecretId: arn, ClientRequestToken: token, Step: step });
                completed.push(step);
            } catch (error) {
                return { completed, failed: { step, error: error as Error } };
            }
        }
        return { completed };
    }

    /** The labels of every version, including versions left without any (test reads only). */
    stagesOf(secretId: string): Record<string, string[]> {
        const out: Record<string, string[]> = {};
        for (const [id, version] of this.find(secretId).versions) {
            out[id] = [...version.stages].sort();
        }
        return out;
    }

    /** The value under a label, bypassing every rule (test reads only). */
    peek(secretId: string, stage: string): string | undefined {
        const secret = this.find(secretId);
        const id = this.holder(secret, stage);
        return id === undefined ? undefined : secret.versions.get(id)?.value;
    }

    /** The version that carries a label (test reads only). */
    versionWith(secretId: string, stage: string): string | undefined {
        return this.holder(this.find(secretId), stage);
    }

    async describeSecret(secretId: string): Promise<SecretDescription> {
        this.calls.describeSecret += 1;
        const secret = this.find(secretId);
        const versionIdsToStages: Record<string, string[]> = {};
        for (const [id, version] of secret.versions) {
            if (version.stages.size > 0) {
                versionIdsToStages[id] = [...version.stages];
            }
        }
        return {
            arn: secret.arn,
            name: secret.name,
            rotationEnabled: secret.rotationEnabled,
            versionIdsToStages,
            tags: { ...secret.tags },
        };
    }

    async getSecretValue(selector: SecretVersionSelector): Promise<SecretValue> {
        this.calls.getSecretValue += 1;
        const secret = this.live(selector.secretId);
        let id: string | undefined;
        if (selector.versionId !== undefined) {
            id = secret.versions.has(selector.versionId) ? selector.versionId : undefined;
            const stage = selector.versionStage;
            if (
                id !== undefined &&
                stage !== undefined &&
                !secret.versions.get(id)?.stages.has(stage)
            ) {
                id = undefined;
            }
        } else {
            id = this.holder(secret, selector.versionStage ?? AWSCURRENT);
        }
        const version = id === undefined ? undefined : secret.versions.get(id);
        if (id === undefined || version?.value === undefined) {
            throw awsError(
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for " +
                    `VersionId: ${selector.versionId ?? "<none>"}, ` +
                    `VersionStage: ${selector.versionStage ?? AWSCURRENT}`,
            );
        }
        return { versionId: id, secretString: version.value, versionStages: [...version.stages] };
    }

    async putSecretValue(input: NewSecretVersion): Promise<void> {
        this.calls.putSecretValue += 1;
        const secret = this.live(input.secretId);
        const token = input.clientRequestToken;
        if (token.length < 32 || token.length > 64) {
            throw awsError(
                "InvalidParameterException",
                "ClientRequestToken must be 32 to 64 characters",
            );
        }
        const existing = secret.versions.get(token);
        if (existing?.value !== undefined) {
            if (existing.value !== input.secretString) {
                throw awsError(
                    "ResourceExistsException",
                    `version ${token} already exists with another value; a version can't change`,
                );
            }
            return;
        }
        const version = existing ?? { stages: new Set<string>() };
        version.value = input.secretString;
        secret.versions.set(token, version);
        for (const stage of input.versionStages) {
            this.attach(secret, stage, token);
        }
    }

    async updateSecretVersionStage(move: StageMove): Promise<void> {
        this.calls.updateSecretVersionStage += 1;
        const secret = this.live(move.secretId);
        const holder = this.holder(secret, move.versionStage);
        if (move.removeFromVersionId !== undefined && move.removeFromVersionId !== holder) {
            throw awsError(
                "InvalidParameterException",
                `${move.versionStage} is not attached to version ${move.removeFromVersionId}`,
            );
        }
        if (move.moveToVersionId === undefined) {
            if (move.removeFromVersionId === undefined) {
                throw awsError(
                    "InvalidParameterException",
                    "give MoveToVersionId or RemoveFromVersionId",
                );
            }
            if (move.versionStage === AWSCURRENT) {
                throw awsError(
                    "InvalidParameterException",
                    "AWSCURRENT can't be removed from a version, only moved to another",
                );
            }
            secret.versions.get(move.removeFromVersionId)?.stages.delete(move.versionStage);
            return;
        }
        if (!secret.versions.has(move.moveToVersionId)) {
            throw awsError(
                "ResourceNotFoundException",
                `version ${move.moveToVersionId} of ${secret.arn} doesn't exist`,
            );
        }
        if (
            holder !== undefined &&
            holder !== move.moveToVersionId &&
            move.removeFromVersionId !== holder
        ) {
            throw awsError(
                "InvalidParameterException",
                `${move.versionStage} is currently attached to version ${holder}, so you must ` +
                    "explicitly reference that version in RemoveFromVersionId",
            );
        }
        this.attach(secret, move.versionStage, move.moveToVersionId);
    }

    private find(secretId: string): StoredSecret {
        for (const secret of this.secrets.values()) {
            if (secret.arn === secretId || secret.name === secretId) {
                return secret;
            }
        }
        throw awsError(
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.",
        );
    }

    private live(secretId: string): StoredSecret {
        const secret = this.find(secretId);
        if (secret.deleted) {
            throw awsError(
                "InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.",
            );
        }
        return secret;
    }

    private holder(secret: StoredSecret, stage: string): string | undefined {
        for (const [id, version] of secret.versions) {
            if (version.stages.has(stage)) {
                return id;
            }
        }
        return undefined;
    }

    /** Puts a label on one version, taking it off any other; AWSCURRENT leaves AWSPREVIOUS. */
    private attach(secret: StoredSecret, stage: string, id: string): void {
        const previous = this.holder(secret, stage);
        if (previous === id) {
            return;
        }
        if (previous !== undefined) {
            secret.versions.get(previous)?.stages.delete(stage);
        }
        secret.versions.get(id)?.stages.add(stage);
        if (stage === AWSCURRENT && previous !== undefined) {
            this.attach(secret, AWSPREVIOUS, previous);
        }
    }
}
