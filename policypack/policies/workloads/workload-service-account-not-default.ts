/**
 * Pods run as a service account of their own (CIS 5.1.5): `serviceAccountName` is set and is not
 * `default`, so that what a workload may do is granted to it alone and can be audited. The
 * deprecated `serviceAccount` field is read where `serviceAccountName` is absent, as the API
 * server does.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { isJudged, podTemplatesOf } from "../../pod-templates";
import { fieldViolation, subjectOf } from "../../violation";

const policy: BaselineResourcePolicy = {
    name: "workload-service-account-not-default",
    description:
        "Pod templates set serviceAccountName to a dedicated service account, not default and not left unset.",
    severity: "medium",
    checklist: "workloads use a dedicated service account",
    cis: "5.1.5",
    validateResource: (args, reportViolation) => {
        for (const pod of podTemplatesOf(args.type, args.props)) {
            const named = pod.spec.serviceAccountName;
            const legacy = pod.spec.serviceAccount;
            const useLegacy = (named === undefined || named === "") && legacy !== undefined;
            const value = useLegacy ? legacy : named;
            if (typeof value === "string" && value !== "" && value !== "default") {
                continue;
            }
            if (!isJudged(pod, value)) {
                continue;
            }
            const field = `${pod.specPath}.${useLegacy ? "serviceAccount" : "serviceAccountName"}`;
            reportViolation(
                fieldViolation(
                    subjectOf(args.type, args.props, args.name),
                    field,
                    value,
                    'the name of a dedicated service account (not "default")',
                ),
            );
        }
    },
};

export default policy;
