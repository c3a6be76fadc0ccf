package geo

// Role is what a member brings to an alliance.
type Role string

// The roles a member plays in an alliance.
const (
	RoleFacilitateur Role = "facilitateur"
	RoleFinanceur    Role = "financeur"
	RoleExpert       Role = "expert_prescripteur"
	RoleOperateur    Role = "operateur"
)

// Roles lists the roles in a stable order.
var Roles = []Role{RoleFacilitateur, RoleFinanceur, RoleExpert, RoleOperateur}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return contains(Roles, r) }

// AllianceMember is one actor's place in an alliance.
type AllianceMember struct {
	ActorID int64
	Role    Role
}

// Alliance is an "alliance territoriale": actors of at least two worlds
// co-building an answer to one stake of one territory. It is not a
// partnership; partnerships are its fruit.
//
// A territory is named by its level and code together: région and
// département codes overlap ("44" is both Grand Est and Loire-Atlantique).
type Alliance struct {
	ID             int64
	Name           string
	TerritoryLevel Level
	TerritoryCode  string
	Stake          Domain
	StartYear      int
	Members        []AllianceMember
	Illustrative   bool
}
