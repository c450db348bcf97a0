/**
 * A tenant's secrets in AWS Secrets Manager: a customer-managed KMS key of its own, its secrets
 * encrypted with it, a resource policy on each, rotation by a Lambda function built from
 * `rotation/`, and an IAM role its Kubernetes service accounts assume (IRSA) that may read those
 * secrets and nothing else.
 *
 * No secret value passes through Pulumi: the secrets are declared without a version, and their
 * values come from the rotation function, whose first rotation runs as soon as rotation is
 * configured. Config, state and outputs hold names and ARNs only.
 *
 * Who may do what with a secret (the resource policy, on top of IAM):
 * - read the value (`GetSecretValue`): the tenant's IRSA role and the rotation role, nobody
 *   else, account administrators included;
 * - write a value or move a staging label: the rotation role only;
 * - manage the secret (describe, tag, rotate, change this policy, delete): whoever IAM allows in
 *   the account. Denying that to all but a list would lock out the identity that deploys this
 *   stack on its next update; administrators keep control, and the way for one of them to read a
 *   value is to change the policy, which CloudTrail records.
 * - anything without TLS (`aws:SecureTransport` false): nobody.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

import { SECRET_KIND_TAG, SECRET_KINDS, type SecretKind } from "../rotation/secret-kinds";

/** One secret of a tenant. */
export interface TenantSecret {
    /** Its name within the tenant (DNS-1123 label); the secret is `<secretNamePrefix>/<name>`. */
    name: string;
    /** What it is, which decides how rotation sets and tests it. Default `"opaque"`. */
    kind?: SecretKind;
    /** A description shown in the console. Default none. */
    description?: string;
}

/** What a tenant's Secrets Manager setup needs. */
export interface SecretsManagerArgs {
    /** The tenant's name (DNS-1123 label). */
    tenant: string;
    /** The Kubernetes namespace of the tenant's service accounts. */
    namespace: string;
    /** The service accounts whose pods may assume the IRSA role; at least one. */
    serviceAccountNames: string[];
    /**
     * The ARN of the cluster's IAM OIDC provider,
     * `arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>`. Required.
     */
    oidcProviderArn: pulumi.Input<string>;
    /** The tenant's secrets. */
    secrets: TenantSecret[];
    /** Days a deleted secret can still be restored, 7 to 30. Default 30. */
    recoveryWindowDays?: number;
    /** Days between rotations, 1 to 1000 (the baseline's policy allows at most 30). Default 30. */
    rotationDays?: number;
    /** Protect the KMS key and the secrets from deletion by Pulumi (production). Default false. */
    protect?: boolean;
    /** The prefix of the secrets' and the key alias's names. Default the tenant's name. */
    secretNamePrefix?: string;
    /**
     * Principals that administer the KMS key, but never use it, besides the account root.
     * Default none.
     */
    keyAdministratorArns?: pulumi.Input<string>[];
    /** Days the rotation function's logs are kept. Default 365. */
    logRetentionDays?: number;
    /** Tags for every resource that takes them. Default none. */
    tags?: Record<string, string>;
}

/** The defaults of the optional arguments. */
export const SECRETS_MANAGER_DEFAULTS = {
    kind: "opaque" as SecretKind,
    recoveryWindowDays: 30,
    rotationDays: 30,
    protect: false,
    logRetentionDays: 365,
    kmsDeletionWindowDays: 30,
};

/** The Lambda runtime the rotation function runs on; it ships the AWS SDK v3. */
export const ROTATION_RUNTIME = aws.lambda.Runtime.NodeJS22dX;

/** A mistake in the arguments, naming the argument, what was found and what is expected. */
export class SecretsManagerError extends Error {
    constructor(argument: string, found: unknown, expected: string) {
        super(`SecretsManager ${argument} is ${JSON.stringify(found)}; expected ${expected}`);
        this.name = "SecretsManagerError";
    }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/([^\s]+)$/;

/**
 * The issuer (host and path, no scheme) of an IAM OIDC provider ARN: the prefix of the
 * condition keys `<issuer>:sub` and `<issuer>:aud` in a web-identity trust policy.
 */
export function oidcIssuerOf(providerArn: string): string {
    const match = OIDC_PROVIDER_ARN.exec(providerArn);
    if (match === null) {
        throw new SecretsManagerError(
            "oidcProviderArn",
            providerArn,
            "arn:aws:iam::<account>:oidc-provider/<issuer host and path>",
        );
    }
    return match[1];
}

function inRange(value: number, min: number, max: number): boolean {
    return Number.isInteger(value) && value >= min && value <= max;
}

function checkArgs(args: SecretsManagerArgs): void {
    if (!DNS_LABEL.test(args.tenant)) {
        throw new SecretsManagerError("tenant", args.tenant, "a DNS-1123 label");
    }
    if (!DNS_LABEL.test(args.namespace)) {
        throw new SecretsManagerError("namespace", args.namespace, "a DNS-1123 label");
    }
    if (args.serviceAccountNames.length === 0) {
        throw new SecretsManagerError("serviceAccountNames", [], "at least one service account");
    }
    args.serviceAccountNames.forEach((sa, i) => {
        if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(sa)) {
            throw new SecretsManagerError(
                `serviceAccountNames[${i}]`,
                sa,
                "a service account name",
            );
        }
    });
    if (typeof args.oidcProviderArn === "string") {
        oidcIssuerOf(args.oidcProviderArn);
    }
    const seen = new Set<string>();
    args.secrets.forEach((secret, i) => {
        if (!DNS_LABEL.test(secret.name) || seen.has(secret.name)) {
            throw new SecretsManagerError(
                `secrets[${i}].name`,
                secret.name,
                "a DNS-1123 label used once",
            );
        }
        seen.add(secret.name);
        if (secret.kind !== undefined && !SECRET_KINDS.includes(secret.kind)) {
            throw new SecretsManagerError(
                `secrets[${i}].kind`,
                secret.kind,
                "opaque or database-password",
            );
        }
    });
    const window = args.recoveryWindowDays ?? SECRETS_MANAGER_DEFAULTS.recoveryWindowDays;
    if (!inRange(window, 7, 30)) {
        throw new SecretsManagerError(
            "recoveryWindowDays",
            window,
            "a whole number of days from 7 to 30",
        );
    }
    const days = args.rotationDays ?? SECRETS_MANAGER_DEFAULTS.rotationDays;
    if (!inRange(days, 1, 1000)) {
        throw new SecretsManagerError(
            "rotationDays",
            days,
            "a whole number of days from 1 to 1000",
        );
    }
    const prefix = args.secretNamePrefix ?? args.tenant;
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(prefix)) {
        throw new SecretsManagerError(
            "secretNamePrefix",
            prefix,
            "letters, digits, - and _ in /-separated parts",
        );
    }
}

/**
 * The rotation function's code: every module of `rotation/`, transpiled from TypeScript to
 * CommonJS at deploy time, so no build step can be forgotten and the deployed code is always the
 * tested source. Only TypeScript's `transpileModule` runs (no type check, no bundling); the
 * function imports nothing but its own modules and the AWS SDK the runtime ships.
 */
export function rotationCodeArchive(
    dir: string = path.join(__dirname, "..", "rotation"),
): pulumi.asset.AssetArchive {
    const assets: Record<string, pulumi.asset.StringAsset> = {};
    const sources = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
        .sort();
    for (const file of sources) {
        const source = fs.readFileSync(path.join(dir, file), "utf8");
        const output = ts.transpileModule(source, {
            fileName: file,
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                esModuleInterop: true,
                strict: true,
            },
        });
        assets[file.replace(/\.ts$/, ".js")] = new pulumi.asset.StringAsset(output.outputText);
    }
    if (!("index.js" in assets)) {
        throw new Error(`the rotation function's folder ${dir} has no index.ts entry point`);
    }
    return new pulumi.asset.AssetArchive(assets);
}

/** An IAM policy document. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Record<string, unknown>[];
}

function document(statements: Record<string, unknown>[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** The account, partition and region the stack deploys into. */
export interface AccountContext {
    accountId: string;
    partition: string;
    region: string;
}

function viaSecretsManager(account: AccountContext) {
    return {
        StringEquals: {
            "kms:ViaService": `secretsmanager.${account.region}.amazonaws.com`,
            "kms:CallerAccount": account.accountId,
        },
    };
}

/**
 * The IRSA role's trust policy: a web identity from the cluster's OIDC provider, for exactly the
 * tenant's service accounts (`sub`), with the token minted for STS (`aud`).
 */
export function irsaTrustPolicy(
    providerArn: string,
    namespace: string,
    serviceAccountNames: string[],
): PolicyDocument {
    const issuer = oidcIssuerOf(providerArn);
    return document([
        {
            Effect: "Allow",
            Principal: { Federated: providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${issuer}:sub`]: serviceAccountNames.map(
                        (sa) => `system:serviceaccount:${namespace}:${sa}`,
                    ),
                    [`${issuer}:aud`]: "sts.amazonaws.com",
                },
            },
        },
    ]);
}

/** The rotation role's trust policy: the Lambda service. */
export function lambdaTrustPolicy(): PolicyDocument {
    return document([
        {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
        },
    ]);
}

/** What the key policy grants to whom. */
export interface KeyPolicyPrincipals {
    irsaRoleArn: string;
    rotationRoleArn: string;
    keyAdministratorArns: string[];
}

/**
 * The KMS key policy: the account root manages the key (without it the key could become
 * unmanageable, and IAM policies could not refer to it); administrators, when named, manage
 * but never use it; the tenant's role decrypts and the rotation role encrypts, both only through
 * Secrets Manager in this account and region.
 */
export function keyPolicy(
    account: AccountContext,
    principals: KeyPolicyPrincipals,
): PolicyDocument {
    const administrators =
        principals.keyAdministratorArns.length === 0
            ? []
            : [
                  {
                      Sid: "AdministratorsManageButNeverUse",
                      Effect: "Allow",
                      Principal: { AWS: principals.keyAdministratorArns },
                      Action: [
                          "kms:Describe*",
                          "kms:Get*",
                          "kms:List*",
                          "kms:Enable*",
                          "kms:Disable*",
                          "kms:Put*",
                          "kms:Update*",
                          "kms:Revoke*",
                          "kms:TagResource",
                          "kms:UntagResource",
                          "kms:ScheduleKeyDeletion",
                          "kms:CancelKeyDeletion",
                          "kms:RotateKeyOnDemand",
                      ],
                      Resource: "*",
                  },
              ];
    return document([
        {
            Sid: "AccountRootManagesTheKey",
            Effect: "Allow",
            Principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
        },
        ...administrators,
        {
            Sid: "TenantDecryptsThroughSecretsManager",
            Effect: "Allow",
            Principal: { AWS: principals.irsaRoleArn },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: viaSecretsManager(account),
        },
        {
            Sid: "RotationEncryptsThroughSecretsManager",
            Effect: "Allow",
            Principal: { AWS: principals.rotationRoleArn },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: viaSecretsManager(account),
        },
    ]);
}

/** Each secret's resource policy; see the module comment for who may do what. */
export function secretResourcePolicy(irsaRoleArn: string, rotationRoleArn: string): PolicyDocument {
    return document([
        {
            Sid: "DenyWithoutTls",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyValueReadToOthers",
            Effect: "Deny",
            Principal: "*",
            Action: "secretsmanager:GetSecretValue",
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": [irsaRoleArn, rotationRoleArn] } },
        },
        {
            Sid: "DenyValueWriteToOthers",
            Effect: "Deny",
            Principal: "*",
            Action: ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": rotationRoleArn } },
        },
    ]);
}

/** The IRSA role's permissions: read its own secrets, decrypt its key through Secrets Manager. */
export function readerPolicy(
    account: AccountContext,
    secretArns: string[],
    keyArn: string,
): PolicyDocument {
    return document([
        {
            Sid: "ReadOwnSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: secretArns,
        },
        {
            Sid: "DecryptThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: keyArn,
            Condition: viaSecretsManager(account),
        },
    ]);
}

/**
 * The rotation role's permissions: the four calls of the rotation steps on its tenant's secrets,
 * the key through Secrets Manager, and its own log group. No `GetRandomPassword`: values are
 * drawn in the function.
 */
export function rotationPolicy(
    account: AccountContext,
    secretArns: string[],
    keyArn: string,
    logGroupArn: string,
): PolicyDocument {
    return document([
        {
            Sid: "RotateOwnSecrets",
            Effect: "Allow",
            Action: [
                "secretsmanager:DescribeSecret",
                "secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue",
                "secretsmanager:UpdateSecretVersionStage",
            ],
            Resource: secretArns,
        },
        {
            Sid: "EncryptThroughSecretsManager",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: keyArn,
            Condition: viaSecretsManager(account),
        },
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logGroupArn}:*`,
        },
    ]);
}

const json = (doc: PolicyDocument) => JSON.stringify(doc);

/** One tenant's secrets, their key, their rotation and the role that reads them. */
export class SecretsManager extends pulumi.ComponentResource {
    /** The secrets' ARNs, by secret name. */
    readonly secretArns: pulumi.Output<Record<string, string>>;
    /** The KMS key's ARN. */
    readonly keyArn: pulumi.Output<string>;
    /** The IAM role the tenant's service accounts assume; annotate them with it. */
    readonly irsaRoleArn: pulumi.Output<string>;
    /** The rotation function's ARN. */
    readonly rotationFunctionArn: pulumi.Output<string>;

    constructor(name: string, args: SecretsManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        checkArgs(args);
        super("ohlcv:security:SecretsManager", name, {}, opts);

        const d = SECRETS_MANAGER_DEFAULTS;
        const protect = args.protect ?? d.protect;
        const prefix = args.secretNamePrefix ?? args.tenant;
        const tags = { ...(args.tags ?? {}), "baseline:tenant": args.tenant };
        const parent = { parent: this };

        const identity = aws.getCallerIdentityOutput({}, parent);
        const account: pulumi.Output<AccountContext> = pulumi
            .all([
                identity.accountId,
                aws.getPartitionOutput({}, parent).partition,
                aws.getRegionOutput({}, parent).region,
            ])
            .apply(([accountId, partition, region]) => ({ accountId, partition, region }));

        const irsaRole = new aws.iam.Role(
            `${name}-reader`,
            {
                description: `Reads the secrets of tenant ${args.tenant} (IRSA)`,
                assumeRolePolicy: pulumi
                    .output(args.oidcProviderArn)
                    .apply((arn) =>
                        json(irsaTrustPolicy(arn, args.namespace, args.serviceAccountNames)),
                    ),
                tags,
            },
            parent,
        );
        const rotationRole = new aws.iam.Role(
            `${name}-rotation`,
            {
                description: `Runs the secret rotation of tenant ${args.tenant}`,
                assumeRolePolicy: json(lambdaTrustPolicy()),
                tags,
            },
            parent,
        );

        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `Encrypts the Secrets Manager secrets of tenant ${args.tenant}`,
                enableKeyRotation: true,
                deletionWindowInDays: d.kmsDeletionWindowDays,
                policy: pulumi
                    .all([
                        account,
                        irsaRole.arn,
                        rotationRole.arn,
                        pulumi.all(args.keyAdministratorArns ?? []),
                    ])
                    .apply(([acc, irsaRoleArn, rotationRoleArn, keyAdministratorArns]) =>
                        json(
                            keyPolicy(acc, { irsaRoleArn, rotationRoleArn, keyAdministratorArns }),
                        ),
                    ),
                tags,
            },
            { parent: this, protect },
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: `alias/${prefix}/secrets`, targetKeyId: key.keyId },
            parent,
        );

        const secrets = args.secrets.map(
            (secret) =>
                new aws.secretsmanager.Secret(
                    `${name}-${secret.name}`,
                    {
                        name: `${prefix}/${secret.name}`,
                        description: secret.description,
                        kmsKeyId: key.arn,
                        recoveryWindowInDays: args.recoveryWindowDays ?? d.recoveryWindowDays,
                        tags: { ...tags, [SECRET_KIND_TAG]: secret.kind ?? d.kind },
                    },
                    { parent: this, protect },
                ),
        );
        const secretArns = pulumi.all(secrets.map((s) => s.arn));

        new aws.iam.RolePolicy(
            `${name}-reader-access`,
            {
                role: irsaRole.name,
                policy: pulumi
                    .all([account, secretArns, key.arn])
                    .apply(([acc, arns, keyArn]) => json(readerPolicy(acc, arns, keyArn))),
            },
            parent,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-rotation-logs`,
            { retentionInDays: args.logRetentionDays ?? d.logRetentionDays, tags },
            parent,
        );
        const rotationAccess = new aws.iam.RolePolicy(
            `${name}-rotation-access`,
            {
                role: rotationRole.name,
                policy: pulumi
                    .all([account, secretArns, key.arn, logGroup.arn])
                    .apply(([acc, arns, keyArn, logGroupArn]) =>
                        json(rotationPolicy(acc, arns, keyArn, logGroupArn)),
                    ),
            },
            parent,
        );

        const rotationFunction = new aws.lambda.Function(
            `${name}-rotation`,
            {
                description: `Rotates the Secrets Manager secrets of tenant ${args.tenant}`,
                runtime: ROTATION_RUNTIME,
                handler: "index.handler",
                code: rotationCodeArchive(),
                role: rotationRole.arn,
                architectures: ["arm64"],
                timeout: 30,
                memorySize: 256,
                loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
                tags,
            },
            parent,
        );

        const resourcePolicy = pulumi
            .all([irsaRole.arn, rotationRole.arn])
            .apply(([irsaRoleArn, rotationRoleArn]) =>
                json(secretResourcePolicy(irsaRoleArn, rotationRoleArn)),
            );
        secrets.forEach((secret, i) => {
            const secretName = args.secrets[i].name;
            const secretPolicy = new aws.secretsmanager.SecretPolicy(
                `${name}-${secretName}-policy`,
                { secretArn: secret.arn, blockPublicPolicy: true, policy: resourcePolicy },
                parent,
            );
            const permission = new aws.lambda.Permission(
                `${name}-${secretName}-invoke`,
                {
                    action: "lambda:InvokeFunction",
                    function: rotationFunction.name,
                    principal: "secretsmanager.amazonaws.com",
                    sourceArn: secret.arn,
                    sourceAccount: identity.accountId,
                },
                parent,
            );
            new aws.secretsmanager.SecretRotation(
                `${name}-${secretName}-rotation`,
                {
                    secretId: secret.id,
                    rotationLambdaArn: rotationFunction.arn,
                    rotationRules: { automaticallyAfterDays: args.rotationDays ?? d.rotationDays },
                    // The first rotation gives the secret its first value.
                    rotateImmediately: true,
                },
                { parent: this, dependsOn: [permission, rotationAccess, secretPolicy] },
            );
        });

        this.secretArns = secretArns.apply((arns) =>
            Object.fromEntries(args.secrets.map((s, i) => [s.name, arns[i]])),
        );
        this.keyArn = key.arn;
        this.irsaRoleArn = irsaRole.arn;
        this.rotationFunctionArn = rotationFunction.arn;
        this.registerOutputs({
            secretArns: this.secretArns,
            keyArn: this.keyArn,
            irsaRoleArn: this.irsaRoleArn,
            rotationFunctionArn: this.rotationFunctionArn,
        });
    }
}
