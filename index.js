// Entry point for tools that require the package; n8n itself loads the files listed in the
// "n8n" section of package.json.
module.exports = {
	ActivTrakHrdc: require('./dist/nodes/ActivTrakHrdc/ActivTrakHrdc.node').ActivTrakHrdc,
	ActivTrakHrdcApi: require('./dist/credentials/ActivTrakHrdcApi.credentials').ActivTrakHrdcApi,
};
