import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const token = pulumi.secret("s3cr3t-token-value");

const ns = new k8s.core.v1.Namespace("demo", { metadata: { name: "demo" } });
new k8s.core.v1.Secret("demo-token", {
    metadata: { name: "demo-token", namespace: ns.metadata.name },
    stringData: { token },
});

export const greeting = config.require("greeting");
export const leaked = token;
