/**
 * At the restricted level a pod may use only volume types that bring no node or network storage
 * of their own choosing: the ones below, with persistent storage through claims.
 *
 * Restricted fields: every volume source of `spec.volumes[*]` (hostPath, nfs, gitRepo, ...).
 * Allowed values: only the volume types below.
 */
import { type Finding, isUnset, podSecurityControl, quoted } from "../../pod-security-control";
import { volumesOf } from "../../pod-templates";

/** The volume types a restricted pod may use. */
export const ALLOWED_VOLUME_TYPES: ReadonlySet<string> = new Set([
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
]);

export default podSecurityControl({
    name: "pss-restricted-volumes",
    checkId: "restrictedVolumes",
    level: "restricted",
    description: `Pods must use only volumes of the types ${[...ALLOWED_VOLUME_TYPES].join(", ")}.`,
    severity: "medium",
    checklist: "only restricted volume types",
    check(pod) {
        const findings: Finding[] = [];
        for (const ref of volumesOf(pod)) {
            // Every field of a volume but its name is a volume source. A volume with no source
            // is an emptyDir: the API server defaults it so before admission.
            for (const [source, value] of Object.entries(ref.volume)) {
                if (source === "name" || isUnset(value) || ALLOWED_VOLUME_TYPES.has(source)) {
                    continue;
                }
                findings.push({
                    field: ref.at(source),
                    found: value,
                    allowed: `unset; volume types allowed: ${quoted(ALLOWED_VOLUME_TYPES)}`,
                });
            }
        }
        return findings;
    },
});
