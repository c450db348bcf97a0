/**
 * Objects use API versions the cluster still serves: an object written to an API version that
 * Kubernetes has removed (`policy/v1beta1` PodSecurityPolicy and PodDisruptionBudget,
 * `batch/v1beta1` CronJob, `extensions/v1beta1` workloads, the flowcontrol betas, ...) is
 * rejected by the API server, so the stack cannot be applied. The message names the API version
 * to use instead. The list is that of the Kubernetes Deprecated API Migration Guide, 1.16 to
 * 1.32 (see `removed-apis.ts`).
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { apiVersionOf, kubernetesTypeOf, storedKindOf } from "../../kubernetes-types";
import { removedApiOf } from "../../removed-apis";
import { fieldViolation, subjectOf } from "../../violation";

/** Older Pulumi tokens spell some groups without their domain. */
const GROUP_ALIASES: Record<string, string> = { apiregistration: "apiregistration.k8s.io" };

const policy: BaselineResourcePolicy = {
    name: "api-no-removed-versions",
    description:
        "No object uses an API version removed from Kubernetes (1.16 to 1.32 removals, such as policy/v1beta1 PodSecurityPolicy or batch/v1beta1 CronJob); the message names the replacement.",
    severity: "medium",
    checklist: "no removed Kubernetes API versions",
    validateResource: (args, reportViolation) => {
        const type = kubernetesTypeOf(args.type);
        if (type === undefined) {
            return;
        }
        const group = GROUP_ALIASES[type.group] ?? type.group;
        const apiVersion = apiVersionOf({ ...type, group });
        const { kind } = storedKindOf(type);
        const removed = removedApiOf(apiVersion, kind);
        if (removed === undefined) {
            return;
        }
        reportViolation(
            `${fieldViolation(subjectOf(args.type, args.props, args.name), "apiVersion", apiVersion, removed.replacement)} (${apiVersion} ${kind} is not served since Kubernetes ${removed.removedIn})`,
        );
    },
};

export default policy;
