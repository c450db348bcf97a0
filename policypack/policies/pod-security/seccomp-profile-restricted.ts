/**
 * Every container must run under the runtime's default or a local seccomp profile, set on the
 * container or inherited from the pod. Windows pods are exempt: seccomp does not exist there.
 *
 * Restricted fields: `spec.securityContext.seccompProfile.type` and
 * `securityContext.seccompProfile.type` of every container of the three lists.
 * Allowed values: "RuntimeDefault", "Localhost"; a container may leave it unset where the pod
 * sets an allowed one.
 */
import { type Finding, podSecurityControl, quoted } from "../../pod-security-control";
import { isWindowsPod } from "../../pod-security-exemptions";
import { securityContextsOf } from "../../pod-templates";
import {
    ALLOWED_SECCOMP_TYPES,
    refusedSeccompProfile,
    seccompSettingOf,
} from "./seccomp-profile-baseline";

export default podSecurityControl({
    name: "pss-seccomp-profile-restricted",
    checkId: "seccompProfile_restricted",
    level: "restricted",
    description:
        "Every container must run under the RuntimeDefault or a Localhost seccomp profile.",
    severity: "medium",
    checklist: "seccomp profile set",
    cis: "5.7.2",
    check(pod) {
        if (isWindowsPod(pod)) {
            return [];
        }
        const [podContext, ...containerContexts] = securityContextsOf(pod);
        const podSetting = seccompSettingOf(podContext);
        const podField = podContext.at("seccompProfile.type");
        const findings: Finding[] = [];
        if (podSetting === "refused") {
            findings.push(refusedSeccompProfile(podContext));
        }
        for (const ref of containerContexts) {
            const setting = seccompSettingOf(ref);
            if (setting === "refused") {
                findings.push(refusedSeccompProfile(ref));
            } else if (setting === "unset" && podSetting !== "allowed") {
                findings.push({
                    field: ref.at("seccompProfile.type"),
                    found: undefined,
                    allowed: `${quoted(ALLOWED_SECCOMP_TYPES)} here or in ${podField}`,
                });
            }
        }
        return findings;
    },
});
