/**
 * The OHLCV RAG service, as its app team deploys it: the tenant namespace, the service account,
 * the Vault annotations and the Vault agent's token volume come from the baseline stack's
 * outputs, and the service runs as a HardenedWorkload, so that every checklist default applies
 * without the team restating it.
 */
import * as pulumi from "@pulumi/pulumi";

import { DEFAULT_RUN_AS_ID, HardenedWorkload } from "../../components/hardened-workload";
import { placementOf } from "./tenant-placement";

const config = new pulumi.Config();
const baselineStack = config.require("baselineStack");
const tenantName = config.require("tenant");
const workloadName = config.require("workload");

const baseline = new pulumi.StackReference(baselineStack);
const placement = pulumi
    .all([baseline.requireOutput("tenants"), baseline.requireOutput("vaultTokenVolume")])
    .apply(([tenants, vaultTokenVolume]) =>
        placementOf(
            { tenants, vaultTokenVolume },
            {
                stack: baselineStack,
                tenant: tenantName,
                workload: workloadName,
                runAsUser: DEFAULT_RUN_AS_ID,
            },
        ),
    );

const service = new HardenedWorkload(workloadName, {
    namespace: placement.namespace,
    serviceAccountName: placement.serviceAccountName,
    vaultAnnotations: placement.vaultAnnotations,
    // The volume the annotations name, with the audience the workload's Vault role requires;
    // the component adds none of its own when the pod already has it.
    extraVolumes: [placement.vaultTokenVolume],
    image: config.require("image"),
    replicas: config.requireNumber("replicas"),
    resources: {
        requests: { cpu: config.require("cpuRequest"), memory: config.require("memoryRequest") },
        limits: { cpu: config.require("cpuLimit"), memory: config.require("memoryLimit") },
    },
    ports: [
        { name: "http", containerPort: config.requireNumber("appPort"), appProtocol: "http" },
        {
            name: "metrics",
            containerPort: config.requireNumber("metricsPort"),
            appProtocol: "http",
        },
    ],
    env: [
        { name: "CHROMA_HOST", value: config.require("chromaHost") },
        { name: "CHROMA_PORT", value: String(config.requireNumber("chromaPort")) },
    ],
});

/** The namespace the service runs in. */
export const namespace = placement.namespace;
/** The Kubernetes name of the service's Deployment. */
export const deploymentName = service.deploymentName;
/** The Kubernetes name of the service's Service. */
export const serviceName = service.serviceName;
