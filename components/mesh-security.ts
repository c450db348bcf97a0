/**
 * Istio policy for a tenant's namespace: mutual TLS required (PeerAuthentication STRICT), JWTs
 * checked against the tenant's issuer, and per workload an ALLOW policy admitting only the
 * ingress controller (with a bearer token) to the API and Prometheus to the metrics; plus a DENY
 * policy for quarantined pods.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { QUARANTINE_LABEL, QUARANTINE_VALUE, WORKLOAD_LABEL } from "./selector-labels";

/** The Istio security API version the policies are written in. */
export const ISTIO_SECURITY_API_VERSION = "security.istio.io/v1";

/** A workload's mesh identity: the SPIFFE path Istio puts in its certificate and policies match. */
export function meshPrincipal(
    trustDomain: string,
    namespace: string,
    serviceAccount: string,
): string {
    return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** A workload in the mesh, known by its namespace and ServiceAccount. */
export interface MeshPeer {
    /** The peer's namespace. */
    namespace: string;
    /** The ServiceAccount its pods run as; their certificate carries it. */
    serviceAccount: string;
}

/** The API the ingress controller may call, and the tokens it must carry. */
export interface MeshApi {
    /** Istio paths admitted, e.g. `/api/*`. */
    paths: string[];
    /** HTTP methods admitted, e.g. `GET`, `POST`. */
    methods: string[];
    /** The JWT issuer (`iss`); requests must carry a valid token from it. */
    jwtIssuer: string;
    /** URL of the issuer's JSON Web Key Set, fetched by istiod. */
    jwksUri: string;
    /** Audiences (`aud`) a token must name one of; absent means any. */
    audiences?: string[];
}

/** Arguments of `MeshSecurity`. */
export interface MeshSecurityArgs {
    /** Namespace of the workloads (and of the policies). */
    namespace: pulumi.Input<string>;
    /** Names of the workloads; a workload's pods carry `app.kubernetes.io/name: <name>`. */
    workloads: string[];
    /** The mesh's trust domain, the first part of every principal (`cluster.local`). */
    trustDomain: string;
    /** Port the workloads serve the API on. */
    appPort: number;
    /** Port the workloads serve metrics on (`/metrics`). */
    metricsPort: number;
    /** The API and its JWT issuer. */
    api: MeshApi;
    /** The ingress controller, the only caller of the API. */
    ingressController: MeshPeer;
    /** Prometheus, the only scraper of the metrics; it must run with an Istio sidecar. */
    prometheus: MeshPeer;
}

/** The principals the mesh policies admit. */
export interface TrustedPrincipals {
    /** The ingress controller's principal, admitted to the API. */
    ingress: string;
    /** Prometheus's principal, admitted to the metrics. */
    prometheus: string;
}

/** Mutual TLS, JWT checks and the ALLOW and DENY authorization policies of a namespace. */
export class MeshSecurity extends pulumi.ComponentResource {
    /** The principals the ALLOW policies admit. */
    readonly trustedPrincipals: TrustedPrincipals;

    constructor(name: string, args: MeshSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ohlcv:security:MeshSecurity", name, {}, opts);

        this.trustedPrincipals = {
            ingress: meshPrincipal(
                args.trustDomain,
                args.ingressController.namespace,
                args.ingressController.serviceAccount,
            ),
            prometheus: meshPrincipal(
                args.trustDomain,
                args.prometheus.namespace,
                args.prometheus.serviceAccount,
            ),
        };

        const istio = (resourceName: string, kind: string, objectName: string, spec: object) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${resourceName}`,
                {
                    apiVersion: ISTIO_SECURITY_API_VERSION,
                    kind,
                    metadata: { name: objectName, namespace: args.namespace },
                    spec,
                },
                { parent: this },
            );

        // A PeerAuthentication named "default" without a selector applies namespace-wide.
        istio("mtls", "PeerAuthentication", "default", { mtls: { mode: "STRICT" } });

        // TRAP: a DENY policy without rules matches nothing; one empty rule matches every request.
        istio("quarantine-deny", "AuthorizationPolicy", "quarantine-deny", {
            selector: { matchLabels: { [QUARANTINE_LABEL]: QUARANTINE_VALUE } },
            action: "DENY",
            rules: [{}],
        });

        for (const workload of args.workloads) {
            const selector = { matchLabels: { [WORKLOAD_LABEL]: workload } };

            istio(`${workload}-jwt`, "RequestAuthentication", `${workload}-jwt`, {
                selector,
                jwtRules: [
                    {
                        issuer: args.api.jwtIssuer,
                        jwksUri: args.api.jwksUri,
                        ...(args.api.audiences ? { audiences: args.api.audiences } : {}),
                    },
                ],
            });

            // TRAP: RequestAuthentication only rejects invalid tokens; a request with no token
            // passes it. Requiring a request principal from the issuer is what demands a token.
            // With an ALLOW policy on the workload, every request it does not match is denied.
            istio(`${workload}-allow`, "AuthorizationPolicy", `${workload}-allow`, {
                selector,
                action: "ALLOW",
                rules: [
                    {
                        from: [
                            {
                                source: {
                                    principals: [this.trustedPrincipals.ingress],
                                    requestPrincipals: [`${args.api.jwtIssuer}/*`],
                                },
                            },
                        ],
                        to: [
                            {
                                operation: {
                                    methods: args.api.methods,
                                    paths: args.api.paths,
                                    ports: [String(args.appPort)],
                                },
                            },
                        ],
                    },
                    {
                        from: [{ source: { principals: [this.trustedPrincipals.prometheus] } }],
                        to: [
                            {
                                operation: {
                                    methods: ["GET"],
                                    paths: ["/metrics"],
                                    ports: [String(args.metricsPort)],
                                },
                            },
                        ],
                    },
                ],
            });
        }

        this.registerOutputs({ trustedPrincipals: this.trustedPrincipals });
    }
}
