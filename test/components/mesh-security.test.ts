import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";

import {
    MeshSecurity,
    MeshSecurityArgs,
    meshPrincipal,
    TrustedPrincipals,
} from "../../components/mesh-security";
import { byObjectName, component, input, ofType, RecordedResource, startMocks } from "../mocks";

const PEER_AUTHENTICATION = "kubernetes:security.istio.io/v1:PeerAuthentication";
const REQUEST_AUTHENTICATION = "kubernetes:security.istio.io/v1:RequestAuthentication";
const AUTHORIZATION_POLICY = "kubernetes:security.istio.io/v1:AuthorizationPolicy";
const ISSUER = "https://auth.example.com/";

function args(namespace: MeshSecurityArgs["namespace"]): MeshSecurityArgs {
    return {
        namespace,
        workloads: ["ohlcv-rag"],
        trustDomain: "cluster.local",
        appPort: 8080,
        metricsPort: 9090,
        api: {
            paths: ["/api/*"],
            methods: ["GET", "POST"],
            jwtIssuer: ISSUER,
            jwksUri: "https://auth.example.com/.well-known/jwks.json",
            audiences: ["ohlcv-rag"],
        },
        ingressController: { namespace: "ingress-nginx", serviceAccount: "ingress-nginx" },
        prometheus: { namespace: "monitoring", serviceAccount: "prometheus" },
    };
}

describe("MeshSecurity", () => {
    let resources: RecordedResource[];
    let namespaceUrn: string;
    let trusted: TrustedPrincipals;

    before(async () => {
        const runtime = await startMocks();
        const namespace = new k8s.core.v1.Namespace("ns", { metadata: { name: "ohlcv-system" } });
        const mesh = new MeshSecurity("ohlcv-rag", args(namespace.metadata.name));
        trusted = mesh.trustedPrincipals;
        await runtime.settle();
        resources = runtime.resources;
        namespaceUrn = ofType(resources, "kubernetes:core/v1:Namespace")[0].urn;
    });

    it("requires mutual TLS for the whole namespace", () => {
        const peer = byObjectName(resources, PEER_AUTHENTICATION, "default");
        assert.equal(input(peer, "apiVersion"), "security.istio.io/v1");
        assert.equal(input(peer, "metadata.namespace"), "ohlcv-system");
        assert.deepEqual(input(peer, "spec"), { mtls: { mode: "STRICT" } });
    });

    it("checks the workload's JWTs against the tenant's issuer, keys and audiences", () => {
        const jwt = byObjectName(resources, REQUEST_AUTHENTICATION, "ohlcv-rag-jwt");
        assert.deepEqual(input(jwt, "spec"), {
            selector: { matchLabels: { "app.kubernetes.io/name": "ohlcv-rag" } },
            jwtRules: [
                {
                    issuer: ISSUER,
                    jwksUri: "https://auth.example.com/.well-known/jwks.json",
                    audiences: ["ohlcv-rag"],
                },
            ],
        });
    });

    it("admits the ingress controller with a token from the issuer to the API on the app port", () => {
        const allow = byObjectName(resources, AUTHORIZATION_POLICY, "ohlcv-rag-allow");
        assert.deepEqual(input(allow, "spec.rules")[0], {
            from: [
                {
                    source: {
                        principals: ["cluster.local/ns/ingress-nginx/sa/ingress-nginx"],
                        requestPrincipals: [`${ISSUER}/*`],
                    },
                },
            ],
            to: [{ operation: { methods: ["GET", "POST"], paths: ["/api/*"], ports: ["8080"] } }],
        });
    });

    it("admits Prometheus to GET /metrics on the metrics port", () => {
        const allow = byObjectName(resources, AUTHORIZATION_POLICY, "ohlcv-rag-allow");
        assert.deepEqual(input(allow, "spec.rules")[1], {
            from: [{ source: { principals: ["cluster.local/ns/monitoring/sa/prometheus"] } }],
            to: [{ operation: { methods: ["GET"], paths: ["/metrics"], ports: ["9090"] } }],
        });
    });

    it("allows nothing else: one ALLOW policy per workload, with those two rules only", () => {
        const allows = ofType(resources, AUTHORIZATION_POLICY).filter(
            (r) => input(r, "spec.action") === "ALLOW",
        );
        assert.deepEqual(
            allows.map((r) => input(r, "metadata.name")),
            ["ohlcv-rag-allow"],
        );
        assert.equal(input(allows[0], "spec.rules").length, 2);
        assert.deepEqual(input(allows[0], "spec.selector"), {
            matchLabels: { "app.kubernetes.io/name": "ohlcv-rag" },
        });
    });

    it("denies every request to quarantined pods with a rule that matches all", () => {
        const deny = byObjectName(resources, AUTHORIZATION_POLICY, "quarantine-deny");
        assert.deepEqual(input(deny, "spec"), {
            selector: { matchLabels: { "security.baseline/quarantine": "true" } },
            action: "DENY",
            rules: [{}],
        });
    });

    it("outputs the principals it trusts", () => {
        assert.deepEqual(trusted, {
            ingress: "cluster.local/ns/ingress-nginx/sa/ingress-nginx",
            prometheus: "cluster.local/ns/monitoring/sa/prometheus",
        });
    });

    it("makes every policy depend on the Namespace and nothing else", () => {
        const policies = resources.filter((r) =>
            r.type.startsWith("kubernetes:security.istio.io/"),
        );
        assert.equal(policies.length, 4);
        for (const resource of policies) {
            assert.deepEqual(resource.dependencies, [namespaceUrn], resource.name);
        }
    });

    it("parents every policy to the component", () => {
        const parent = component(resources, "ohlcv:security:MeshSecurity", "ohlcv-rag");
        for (const resource of resources.filter((r) => r.type.includes("istio.io"))) {
            assert.equal(resource.parent, parent.urn, resource.name);
        }
    });

    describe("with an issuer that names no audiences", () => {
        it("accepts tokens for any audience", async () => {
            const runtime = await startMocks();
            const noAudiences = args("ohlcv-system");
            delete noAudiences.api.audiences;
            new MeshSecurity("any-audience", noAudiences);
            await runtime.settle();
            const jwt = byObjectName(runtime.resources, REQUEST_AUTHENTICATION, "ohlcv-rag-jwt");
            assert.deepEqual(Object.keys(input(jwt, "spec.jwtRules")[0]), ["issuer", "jwksUri"]);
        });
    });
});

describe("meshPrincipal", () => {
    it("is <trust domain>/ns/<namespace>/sa/<service account>", () => {
        assert.equal(
            meshPrincipal("example.org", "ohlcv-system", "ohlcv-rag"),
            "example.org/ns/ohlcv-system/sa/ohlcv-rag",
        );
    });
});
