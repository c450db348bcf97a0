/**
 * A stack that runs workloads (any pod-bearing Kubernetes resource but a PodTemplate, whole,
 * patched or listed) also runs Falco: a Helm release of the falco chart
 * (`kubernetes:helm.sh/v3:Release` or a v4 `Chart`), or a DaemonSet running a Falco image
 * (`falcosecurity/falco`, `-no-driver`, `-distroless`), declared whole, as an item of a
 * DaemonSetList, or set by a DaemonSetPatch. Stacks that deploy into a cluster whose Falco
 * another stack installs, as the app teams' stacks do, set `installedByAnotherStack`.
 */
import type { PolicyResource } from "@pulumi/policy";

import type { BaselineStackPolicy } from "../../catalog";
import { parseImageReference } from "../../image-references";
import { readKnown } from "../../known-values";
import { isWorkloadType, podBearingTypeOf } from "../../pod-templates";
import { PolicySettings } from "../../policy-config";
import { kindOf } from "../../violation";

const NAME = "falco-runtime-detection-present";

const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);
const FALCO_REPOSITORIES = new Set([
    "falcosecurity/falco",
    "falcosecurity/falco-no-driver",
    "falcosecurity/falco-distroless",
]);

/** True for a reference to the falco chart: `falco`, `falcosecurity/falco`, an OCI or .tgz URL. */
function isFalcoChart(chart: unknown): boolean {
    if (typeof chart !== "string") {
        return false;
    }
    const last = chart.split("/").pop() ?? "";
    return last.replace(/\.tgz$/, "").replace(/-\d+\.\d+\.\d+.*$/, "") === "falco";
}

/**
 * Where a resource holds DaemonSet objects: at its root, or at each item of a DaemonSetList
 * as far as a preview knows the items.
 */
function daemonSetPaths(resource: PolicyResource): (string | number)[][] {
    const bearing = podBearingTypeOf(resource.type);
    if (bearing?.kind !== "DaemonSet") {
        return [];
    }
    if (bearing.variant !== "list") {
        return [[]];
    }
    const items = readKnown(resource.props, "items");
    if (!items.known || !Array.isArray(items.value)) {
        return [];
    }
    return Array.from({ length: items.value.length }, (_, index) => ["items", index]);
}

/** True for a DaemonSet at `at` in the resource one of whose containers runs a Falco image. */
function runsFalcoImage(resource: PolicyResource, at: (string | number)[]): boolean {
    for (const list of ["containers", "initContainers"]) {
        const containers = readKnown(resource.props, ...at, "spec", "template", "spec", list);
        if (!containers.known || !Array.isArray(containers.value)) {
            continue;
        }
        for (let i = 0; i < containers.value.length; i++) {
            const image = readKnown(containers.value, i, "image");
            const parsed = image.known ? parseImageReference(image.value) : undefined;
            if (
                parsed !== undefined &&
                "reference" in parsed &&
                FALCO_REPOSITORIES.has(parsed.reference.repository)
            ) {
                return true;
            }
        }
    }
    return false;
}

function isFalco(resource: PolicyResource): boolean {
    if (HELM_TYPES.has(resource.type)) {
        const chart = readKnown(resource.props, "chart");
        return chart.known && isFalcoChart(chart.value);
    }
    return daemonSetPaths(resource).some((at) => runsFalcoImage(resource, at));
}

const policy: BaselineStackPolicy = {
    name: NAME,
    description:
        "A stack that runs workloads also runs Falco: a Helm release of the falco chart or a Falco DaemonSet.",
    severity: "high",
    checklist: "runtime threats are detected",
    configSchema: {
        properties: {
            installedByAnotherStack: {
                type: "boolean",
                default: false,
                description: "The cluster's Falco comes from another stack (an app team's stack).",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const settings = new PolicySettings(NAME, args.getConfig());
        const elsewhere = settings.boolean("installedByAnotherStack", false, false);
        settings.problems.forEach((problem) => reportViolation(problem));
        if (elsewhere) {
            return;
        }
        const workloads: PolicyResource[] = [];
        for (const resource of args.resources) {
            if (isFalco(resource)) {
                return;
            }
            // The type alone says whether a resource runs pods; no property needs reading.
            if (isWorkloadType(resource.type)) {
                workloads.push(resource);
            }
        }
        if (workloads.length === 0) {
            return;
        }
        const first = workloads[0];
        const more = workloads.length > 1 ? ` and ${workloads.length - 1} more` : "";
        reportViolation(
            `stack runs workloads (${kindOf(first.type)} ${first.name}${more}) but no Falco; allowed: a kubernetes:helm.sh/v3:Release of chart falco, or a DaemonSet running falcosecurity/falco`,
        );
    },
};

export default policy;
