/**
 * Where a seccomp profile is set, it must be the runtime's default or a local one: never
 * Unconfined.
 *
 * Restricted fields: `spec.securityContext.seccompProfile.type` and
 * `securityContext.seccompProfile.type` of every container of the three lists.
 * Allowed values: "RuntimeDefault", "Localhost", unset (with `seccompProfile` itself unset).
 *
 * The seccomp annotations of Kubernetes before 1.19 are no longer read by this check.
 */
import { type Finding, isUnset, podSecurityControl, quoted } from "../../pod-security-control";
import { type PodTemplate, type SecurityContextRef, securityContextsOf } from "../../pod-templates";
import { read } from "../../violation";

/** The seccomp profile types a pod or container may set. */
export const ALLOWED_SECCOMP_TYPES: ReadonlySet<string> = new Set(["RuntimeDefault", "Localhost"]);

/** How a security context stands on seccomp: no profile, an allowed one, or a refused one. */
export type SeccompSetting = "unset" | "allowed" | "refused";

/** The seccomp setting of one security context. */
export function seccompSettingOf(ref: SecurityContextRef): SeccompSetting {
    const profile = read(ref.context, "seccompProfile");
    if (isUnset(profile)) {
        return "unset";
    }
    const type = read(profile, "type");
    return typeof type === "string" && ALLOWED_SECCOMP_TYPES.has(type) ? "allowed" : "refused";
}

/** The finding of a security context that sets a refused seccomp profile. */
export function refusedSeccompProfile(ref: SecurityContextRef): Finding {
    return {
        field: ref.at("seccompProfile.type"),
        found: read(ref.context, "seccompProfile", "type"),
        allowed: `${quoted(ALLOWED_SECCOMP_TYPES)}, or seccompProfile unset`,
    };
}

function refusedSeccompProfiles(pod: PodTemplate): Finding[] {
    return securityContextsOf(pod)
        .filter((ref) => seccompSettingOf(ref) === "refused")
        .map(refusedSeccompProfile);
}

export default podSecurityControl({
    name: "pss-seccomp-profile-baseline",
    checkId: "seccompProfile_baseline",
    level: "baseline",
    description: "Pods and containers must set no seccomp profile but RuntimeDefault or Localhost.",
    severity: "high",
    checklist: "seccomp not disabled",
    check: refusedSeccompProfiles,
});
