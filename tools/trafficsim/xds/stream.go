package xds

import (
	"context"
	"fmt"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discoveryv3 "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/grpc"
)

// runStream holds one ADS stream open until ctx ends or istiod ends it,
// acknowledging every response; onResponse is told each response's type.
func runStream(ctx context.Context, conn grpc.ClientConnInterface, node *corev3.Node, onResponse func(typeURL string)) error {
	stream, err := discoveryv3.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		return fmt.Errorf("open ADS stream: %w", err)
	}
	state := newADSState(node)
	if err := sendAll(stream, state.start()); err != nil {
		return err
	}
	for {
		resp, err := stream.Recv()
		if err != nil {
			return fmt.Errorf("ADS stream: %w", err)
		}
		onResponse(resp.GetTypeUrl())
		if err := sendAll(stream, state.onResponse(resp)); err != nil {
			return err
		}
	}
}

func sendAll(stream discoveryv3.AggregatedDiscoveryService_StreamAggregatedResourcesClient, reqs []*discoveryv3.DiscoveryRequest) error {
	for _, req := range reqs {
		if err := stream.Send(req); err != nil {
			return fmt.Errorf("ADS stream: send %s: %w", req.GetTypeUrl(), err)
		}
	}
	return nil
}
