/**
 * A deliberately insecure sample of the AWS and Vault resources the baseline declares, each
 * breaking the checklist item its policy enforces. A test input, never to be deployed.
 */
import * as aws from "@pulumi/aws";
import * as vault from "@pulumi/vault";

const key = new aws.kms.Key("no-rotation", { enableKeyRotation: false });
void key;

const secret = new aws.secretsmanager.Secret("aws-managed-key", { recoveryWindowInDays: 0 });

new aws.secretsmanager.SecretRotation("rotates-rarely", {
    secretId: secret.id,
    rotationLambdaArn: "arn:aws:lambda:eu-central-1:123456789012:function:rotate",
    rotationRules: { automaticallyAfterDays: 365 },
});

new vault.Policy("root-wildcard", {
    name: "too-broad",
    policy: 'path "*" {\n  capabilities = ["read", "sudo"]\n}\n',
});

new vault.kubernetes.AuthBackendRole("any-service-account", {
    backend: "kubernetes",
    roleName: "anyone",
    boundServiceAccountNames: ["*"],
    boundServiceAccountNamespaces: ["*"],
    tokenTtl: 30 * 24 * 3600,
    tokenMaxTtl: 0,
    tokenPolicies: ["too-broad"],
});
