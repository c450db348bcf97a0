/**
 * Pods do not get a Kubernetes API token they do not use (CIS 5.1.6): the pod spec sets
 * `automountServiceAccountToken: false`. A workload that talks to the API server declares it
 * with the pod template annotation `security.baseline/needs-service-account-token: "true"`, and
 * may then mount the token.
 *
 * The pod's field is required even where its ServiceAccount sets the same: the pod's setting
 * wins over the ServiceAccount's, and only the pod's is visible with the workload.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { isJudged, podTemplatesOf } from "../../pod-templates";
import { fieldViolation, subjectOf } from "../../violation";

/** The pod template annotation by which a workload declares that it needs its API token. */
export const NEEDS_TOKEN_ANNOTATION = "security.baseline/needs-service-account-token";

const policy: BaselineResourcePolicy = {
    name: "workload-token-automount-off",
    description: `Pod templates set automountServiceAccountToken: false, unless the pod template carries the annotation ${NEEDS_TOKEN_ANNOTATION}: "true" declaring that the workload calls the Kubernetes API.`,
    severity: "medium",
    checklist: "service account tokens are mounted only where needed",
    cis: "5.1.6",
    validateResource: (args, reportViolation) => {
        for (const pod of podTemplatesOf(args.type, args.props)) {
            const annotations = pod.metadata.annotations;
            const declared =
                annotations !== null &&
                typeof annotations === "object" &&
                (annotations as Record<string, unknown>)[NEEDS_TOKEN_ANNOTATION] === "true";
            const value = pod.spec.automountServiceAccountToken;
            if (declared || value === false || !isJudged(pod, value)) {
                continue;
            }
            reportViolation(
                fieldViolation(
                    subjectOf(args.type, args.props, args.name),
                    `${pod.specPath}.automountServiceAccountToken`,
                    value,
                    `false, or the annotation ${pod.metadataPath}.annotations["${NEEDS_TOKEN_ANNOTATION}"]: "true" where the workload calls the Kubernetes API`,
                ),
            );
        }
    },
};

export default policy;
