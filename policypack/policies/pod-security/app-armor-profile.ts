/**
 * The container runtime's default AppArmor profile must not be overridden with an unconfined or
 * other non-local profile, neither in the field nor in the older annotation form.
 *
 * Restricted fields: `spec.securityContext.appArmorProfile.type` and
 * `securityContext.appArmorProfile.type` of every container of the three lists.
 * Allowed values: "RuntimeDefault", "Localhost", unset (with `appArmorProfile` itself unset).
 *
 * Restricted fields: pod annotations `container.apparmor.security.beta.kubernetes.io/<container>`.
 * Allowed values: "runtime/default", "localhost/<profile>", "", unset.
 */
import { type Finding, isUnset, podSecurityControl, quoted } from "../../pod-security-control";
import { securityContextsOf } from "../../pod-templates";
import { read } from "../../violation";

const ALLOWED_PROFILE_TYPES: ReadonlySet<string> = new Set(["RuntimeDefault", "Localhost"]);

const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function isAllowedAnnotationValue(value: unknown): boolean {
    return (
        value === "" ||
        value === "runtime/default" ||
        (typeof value === "string" && value.startsWith("localhost/"))
    );
}

export default podSecurityControl({
    name: "pss-app-armor-profile",
    checkId: "appArmorProfile",
    level: "baseline",
    description:
        "Pods and containers must not replace the default AppArmor profile but with a local one.",
    severity: "high",
    checklist: "AppArmor profile not disabled",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of securityContextsOf(pod)) {
            const profile = read(ref.context, "appArmorProfile");
            if (isUnset(profile)) {
                continue;
            }
            // An appArmorProfile without a type is invalid, and Pod Security Admission refuses it.
            const type = read(profile, "type");
            if (typeof type !== "string" || !ALLOWED_PROFILE_TYPES.has(type)) {
                findings.push({
                    field: ref.at("appArmorProfile.type"),
                    found: type,
                    allowed: `${quoted(ALLOWED_PROFILE_TYPES)}, or appArmorProfile unset`,
                });
            }
        }

        const annotations: unknown = pod.metadata.annotations;
        if (annotations !== null && typeof annotations === "object") {
            for (const [key, value] of Object.entries(annotations)) {
                if (key.startsWith(ANNOTATION_PREFIX) && !isAllowedAnnotationValue(value)) {
                    findings.push({
                        field: `${pod.metadataPath}.annotations[${JSON.stringify(key)}]`,
                        found: value,
                        allowed: `"runtime/default", "localhost/<profile>", ""`,
                    });
                }
            }
        }
        return findings;
    },
});
