package dev.agentplatform.router.budget;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class BudgetConfig {

    @Bean
    BudgetAdvisor budgetAdvisor(RestClient.Builder builder, BudgetProperties properties) {
        return new BudgetAdvisor(builder, properties);
    }
}
