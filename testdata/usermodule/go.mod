// A module of the kind an SDK user writes: it imports only the SDK's
// public packages and tests its code against the fakes. TestUserModule (in
// usermodule_test.go at the SDK's root) runs go vet and go test in it.
module example.com/usermodule

go 1.25.0

require github.com/rxbridge/rxbridge-go v0.0.0

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/coreos/go-oidc/v3 v3.21.0 // indirect
	github.com/go-jose/go-jose/v4 v4.1.9 // indirect
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	go.opentelemetry.io/otel v1.46.0 // indirect
	go.opentelemetry.io/otel/metric v1.46.0 // indirect
	go.opentelemetry.io/otel/trace v1.46.0 // indirect
	golang.org/x/oauth2 v0.36.0 // indirect
)

replace github.com/rxbridge/rxbridge-go => ../..
