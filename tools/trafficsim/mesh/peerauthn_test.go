package mesh

import "testing"

func TestEffectiveMode(t *testing.T) {
	app := map[string]string{"app": "payments"}
	meshStrict := PeerAuthentication{Namespace: "istio-system", Mode: ModeStrict}
	nsDisable := PeerAuthentication{Namespace: "payments", Mode: ModeDisable}
	nsUnset := PeerAuthentication{Namespace: "payments", Mode: ModeUnset}
	wlPermissive := PeerAuthentication{Namespace: "payments", Selector: app, Mode: ModePermissive}
	otherWorkload := PeerAuthentication{Namespace: "payments", Selector: map[string]string{"app": "x"}, Mode: ModeDisable}
	cases := map[string]struct {
		pas  []PeerAuthentication
		want MTLSMode
	}{
		"nothing set is permissive":       {nil, ModePermissive},
		"mesh-wide applies":               {[]PeerAuthentication{meshStrict}, ModeStrict},
		"namespace beats mesh":            {[]PeerAuthentication{meshStrict, nsDisable}, ModeDisable},
		"unset inherits":                  {[]PeerAuthentication{meshStrict, nsUnset}, ModeStrict},
		"workload beats namespace":        {[]PeerAuthentication{nsDisable, wlPermissive}, ModePermissive},
		"other workload's selector skips": {[]PeerAuthentication{meshStrict, otherWorkload}, ModeStrict},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := EffectiveMode(c.pas, "istio-system", "payments", app); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}
