package io.deepbootstrap.tracking;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.deepbootstrap.api.run.RunListenerFactory;

/** Registers the tracking run listeners ({@code mlflow}); their defaults are in this module's reference.conf. */
public final class TrackingModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), RunListenerFactory.class).addBinding().to(MlflowListenerFactory.class);
    }
}
