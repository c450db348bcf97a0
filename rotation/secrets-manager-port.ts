/**
 * The few Secrets Manager calls the rotation function makes, as an interface of its own: the
 * Lambda entry point backs it with `@aws-sdk/client-secrets-manager`, the tests with an in-memory
 * stand-in. Errors keep the names Secrets Manager gives them (`ResourceNotFoundException`,
 * `InvalidRequestException`, ...) in `error.name`, as the AWS SDK for JavaScript v3 does.
 */

/** The staging label of the version clients read by default. */
export const AWSCURRENT = "AWSCURRENT";

/** The staging label of the version a rotation is creating and testing. */
export const AWSPENDING = "AWSPENDING";

/** The staging label Secrets Manager moves to the version that was current before the last one. */
export const AWSPREVIOUS = "AWSPREVIOUS";

/** What `DescribeSecret` tells the rotation function about a secret. */
export interface SecretDescription {
    arn: string;
    name: string;
    /** False when rotation was never configured or has been cancelled. */
    rotationEnabled: boolean;
    /** Every version that carries a staging label, with its labels. */
    versionIdsToStages: Record<string, string[]>;
    /** The secret's tags, by key. */
    tags: Record<string, string>;
}

/** Which version `GetSecretValue` reads: by id, by staging label, or both (they must agree). */
export interface SecretVersionSelector {
    secretId: string;
    versionId?: string;
    /** Defaults to AWSCURRENT when neither id nor label is given. */
    versionStage?: string;
}

/** One version's value, as `GetSecretValue` returns it. */
export interface SecretValue {
    versionId: string;
    secretString: string;
    versionStages: string[];
}

/** A new version with its value, as `PutSecretValue` takes it. */
export interface NewSecretVersion {
    secretId: string;
    /** Becomes the version id; putting the same token and value twice is a no-op. */
    clientRequestToken: string;
    secretString: string;
    versionStages: string[];
}

/** A staging-label move, as `UpdateSecretVersionStage` takes it. */
export interface StageMove {
    secretId: string;
    versionStage: string;
    /** The version that receives the label. */
    moveToVersionId?: string;
    /** The version that currently carries the label; required when it carries it. */
    removeFromVersionId?: string;
}

/** The Secrets Manager operations the rotation function uses, and only those. */
export interface SecretsManagerPort {
    describeSecret(secretId: string): Promise<SecretDescription>;
    getSecretValue(selector: SecretVersionSelector): Promise<SecretValue>;
    putSecretValue(version: NewSecretVersion): Promise<void>;
    updateSecretVersionStage(move: StageMove): Promise<void>;
}

/** True when `error` is the Secrets Manager error of that name (the SDK sets `error.name`). */
export function isSecretsManagerError(error: unknown, name: string): boolean {
    return error instanceof Error && error.name === name;
}
