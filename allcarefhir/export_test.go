package allcarefhir

import "context"

// PutPending keeps req as a pending login of l, as AuthCodeURL does: the
// contract tests replay recorded callbacks against recorded pending logins.
func PutPending(ctx context.Context, l *Login, req *AuthRequest) error { return l.putPending(ctx, req) }
